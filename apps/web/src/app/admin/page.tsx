import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import {
  ACRONYM_MAX_LENGTH,
  AREA_KINDS,
  DISPLAY_NAME_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  IATI_ID_MAX_LENGTH,
  ISO3_LENGTH,
  NAME_MAX_LENGTH,
  NOTE_MAX_LENGTH,
  ORGANIZATION_ALIASES_MAX,
  ORGANIZATION_TYPES,
  PARTY_KINDS,
  PASSWORD_MAX_LENGTH,
  PCODE_MAX_LENGTH,
  ROLES,
  SENSITIVITIES,
} from '@access/contracts';
import { api, requireUser } from '@/lib/api';
import { CreateForm, type FieldSpec } from './create-form';
import { UserToggle } from './user-toggle';
import { NotPermitted } from '@/components/not-permitted';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('title') };
}

export default async function AdminPage() {
  const user = await requireUser();
  const t = await getTranslations('admin');
  const tc = await getTranslations('codes');
  if (user.role !== 'ADMIN') return <NotPermitted title={t('title')} message={t('onlyAdmins')} />;
  const ORGANIZATION_FIELDS: FieldSpec[] = [
    { name: 'name', label: t('name'), maxLength: NAME_MAX_LENGTH },
    { name: 'acronym', label: t('acronym'), maxLength: ACRONYM_MAX_LENGTH },
    {
      name: 'typeCode',
      label: t('typeCode'),
      type: 'select',
      options: Object.keys(ORGANIZATION_TYPES).map((code) => ({
        value: code,
        label: tc(`organizationType.${code}`),
      })),
    },
    { name: 'iatiId', label: t('iatiId'), hint: t('iatiHint'), maxLength: IATI_ID_MAX_LENGTH },
    {
      name: 'aliases',
      label: t('aliases'),
      hint: t('aliasesHint'),
      // every alias an organisation may have, each as long as a name, separated by ", "
      maxLength: ORGANIZATION_ALIASES_MAX * (NAME_MAX_LENGTH + ', '.length),
    },
  ];
  const clearanceField: FieldSpec = {
    name: 'clearance',
    label: t('clearance'),
    type: 'select',
    options: SENSITIVITIES.map((level) => ({ value: level, label: tc(`sensitivity.${level}`) })),
  };
  const PARTY_FIELDS: FieldSpec[] = [
    { name: 'name', label: t('name'), maxLength: NAME_MAX_LENGTH },
    { name: 'acronym', label: t('acronym'), maxLength: ACRONYM_MAX_LENGTH },
    {
      name: 'kind',
      label: t('kind'),
      type: 'select',
      options: PARTY_KINDS.map((kind) => ({ value: kind, label: t(`partyKind.${kind}`) })),
    },
  ];
  const roleOptions = (roles: readonly string[]) =>
    roles.map((role) => ({ value: role, label: tc(`role.${role}`) }));
  const kindOptions = AREA_KINDS.map((kind) => ({ value: kind, label: tc(`areaKind.${kind}`) }));
  const [users, organizations, areas, parties] = await Promise.all([
    api.users(),
    api.organizations(),
    api.areas(),
    api.parties(),
  ]);
  const csrf = user.csrfToken ?? '';
  // a user's organisation and clearance, in the new-user and the edit forms alike
  const organizationField: FieldSpec = {
    name: 'organizationId',
    label: t('organization'),
    type: 'select',
    options: [
      { value: '', label: t('none') },
      ...organizations.items.map((o) => ({ value: o.id, label: o.name })),
    ],
  };
  const organizationName = new Map(
    organizations.items.map((organization) => [
      organization.id,
      organization.acronym ?? organization.name,
    ]),
  );
  return (
    <>
      <h1>{t('title')}</h1>
      <section className="panel" aria-labelledby="users">
        <h2 id="users">{t('users')}</h2>
        <div className="table-scroll cards-on-phone">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('email')}</th>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('role')}</th>
                <th scope="col">{t('clearance')}</th>
                <th scope="col">{t('organizations')}</th>
                <th scope="col">{t('account')}</th>
              </tr>
            </thead>
            <tbody>
              {users.items.map((item) => (
                <tr key={item.id}>
                  <td data-label={t('email')}>{item.email}</td>
                  <td data-label={t('name')}>{item.displayName}</td>
                  <td data-label={t('role')}>{tc(`role.${item.role}`)}</td>
                  <td data-label={t('clearance')}>{tc(`sensitivity.${item.clearance}`)}</td>
                  <td data-label={t('organizations')}>
                    {item.organizationIds.map((id) => organizationName.get(id) ?? id).join(', ')}
                  </td>
                  <td data-label={t('account')}>
                    {item.id === user.id ? (
                      t('you')
                    ) : (
                      <UserToggle id={item.id} disabled={item.disabled} csrfToken={csrf} />
                    )}
                    <details>
                      <summary>{t('edit')}</summary>
                      <CreateForm
                        title={t('editOf', { name: item.email })}
                        path={`/users/${item.id}`}
                        build="user-edit"
                        csrfToken={csrf}
                        initial={{
                          displayName: item.displayName,
                          role: item.role,
                          clearance: item.clearance,
                          organizationId: item.organizationIds[0] ?? '',
                          password: '',
                        }}
                        fields={[
                          {
                            name: 'displayName',
                            label: t('name'),
                            maxLength: DISPLAY_NAME_MAX_LENGTH,
                          },
                          {
                            name: 'role',
                            label: t('role'),
                            type: 'select',
                            options: roleOptions(ROLES),
                          },
                          clearanceField,
                          organizationField,
                          {
                            name: 'password',
                            label: t('newPassword'),
                            type: 'password',
                            hint: t('newPasswordHint'),
                            maxLength: PASSWORD_MAX_LENGTH,
                          },
                        ]}
                      />
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <CreateForm
          title={t('newUser')}
          path="/users"
          build="user"
          csrfToken={csrf}
          fields={[
            { name: 'email', label: t('email'), type: 'email', maxLength: EMAIL_MAX_LENGTH },
            { name: 'displayName', label: t('name'), maxLength: DISPLAY_NAME_MAX_LENGTH },
            {
              name: 'password',
              label: t('initialPassword'),
              type: 'password',
              hint: t('initialPasswordHint'),
              maxLength: PASSWORD_MAX_LENGTH,
            },
            {
              name: 'role',
              label: t('role'),
              type: 'select',
              options: roleOptions([...ROLES].reverse()),
            },
            clearanceField,
            organizationField,
          ]}
        />
      </section>
      <section className="panel" aria-labelledby="organizations">
        <h2 id="organizations">{t('organizationsCount', { count: organizations.items.length })}</h2>
        <ul>
          {organizations.items.map((o) => (
            <li key={o.id}>
              <Link href={`/organizations/${o.id}`}>{o.name}</Link>
              {o.acronym ? ` (${o.acronym})` : ''} — {tc(`organizationType.${o.typeCode}`)}
              {o.iatiId ? ` — ${o.iatiId}` : ''}
              <details>
                <summary>{t('edit')}</summary>
                <CreateForm
                  title={t('editOf', { name: o.name })}
                  path={`/organizations/${o.id}`}
                  build="organization-edit"
                  csrfToken={csrf}
                  initial={{
                    name: o.name,
                    acronym: o.acronym ?? '',
                    typeCode: String(o.typeCode),
                    iatiId: o.iatiId ?? '',
                    aliases: o.aliases.join(', '),
                  }}
                  fields={ORGANIZATION_FIELDS}
                />
              </details>
            </li>
          ))}
        </ul>
        <CreateForm
          title={t('newOrganization')}
          path="/organizations"
          build="organization"
          csrfToken={csrf}
          fields={ORGANIZATION_FIELDS}
        />
      </section>
      <section className="panel" aria-labelledby="areas">
        <h2 id="areas">{t('areasCount', { count: areas.items.length })}</h2>
        <ul>
          {areas.items.map((a) => (
            <li key={a.id}>
              <Link href={`/areas/${a.id}`}>{a.name}</Link> — {tc(`areaKind.${a.kind}`)}
              {a.pcode ? ` — ${a.pcode}` : ''}
              <details>
                <summary>{t('edit')}</summary>
                <CreateForm
                  title={t('editOf', { name: a.name })}
                  path={`/areas/${a.id}`}
                  build="area-edit"
                  csrfToken={csrf}
                  initial={{
                    names: a.names
                      .map((n) => [n.lang, n.name, n.usedBy ?? ''].join(' | '))
                      .join('\n'),
                    kind: a.kind,
                    parentId: a.parentId ?? '',
                    pcode: a.pcode ?? '',
                    iso3: a.iso3 ?? '',
                    disputed: String(a.disputed),
                  }}
                  fields={[
                    {
                      name: 'names',
                      label: t('names'),
                      type: 'textarea',
                      hint: t('namesHint'),
                    },
                    {
                      name: 'kind',
                      label: t('kind'),
                      type: 'select',
                      options: kindOptions,
                    },
                    {
                      name: 'parentId',
                      label: t('within'),
                      type: 'select',
                      options: [
                        { value: '', label: t('topLevel') },
                        ...areas.items
                          .filter((other) => other.id !== a.id)
                          .map((other) => ({ value: other.id, label: other.name })),
                      ],
                    },
                    { name: 'pcode', label: t('pcode'), maxLength: PCODE_MAX_LENGTH },
                    { name: 'iso3', label: t('iso3'), maxLength: ISO3_LENGTH },
                    {
                      name: 'disputed',
                      label: t('territory'),
                      type: 'select',
                      options: [
                        { value: 'false', label: t('notDisputed') },
                        { value: 'true', label: t('disputed') },
                      ],
                    },
                  ]}
                />
              </details>
            </li>
          ))}
        </ul>
        <CreateForm
          title={t('newArea')}
          path="/areas"
          build="area"
          csrfToken={csrf}
          fields={[
            { name: 'name', label: t('name'), maxLength: NAME_MAX_LENGTH },
            { name: 'lang', label: t('lang'), hint: t('langHint') },
            {
              name: 'kind',
              label: t('kind'),
              type: 'select',
              options: kindOptions,
            },
            {
              name: 'parentId',
              label: t('within'),
              type: 'select',
              options: [
                { value: '', label: t('topLevel') },
                ...areas.items.map((a) => ({ value: a.id, label: a.name })),
              ],
            },
            { name: 'pcode', label: t('pcode'), maxLength: PCODE_MAX_LENGTH },
            { name: 'iso3', label: t('iso3'), maxLength: ISO3_LENGTH },
          ]}
        />
      </section>
      <section className="panel" aria-labelledby="parties">
        <h2 id="parties">{t('partiesCount', { count: parties.items.length })}</h2>
        <ul>
          {parties.items.map((p) => (
            <li key={p.id}>
              {p.name} — {t(`partyKind.${p.kind}`)}
              <details>
                <summary>{t('edit')}</summary>
                <CreateForm
                  title={t('editOf', { name: p.name })}
                  path={`/parties/${p.id}`}
                  build="party-edit"
                  csrfToken={csrf}
                  initial={{
                    name: p.name,
                    acronym: p.acronym ?? '',
                    kind: p.kind,
                    note: p.note ?? '',
                  }}
                  fields={[
                    ...PARTY_FIELDS,
                    {
                      name: 'note',
                      label: t('note'),
                      type: 'textarea',
                      maxLength: NOTE_MAX_LENGTH,
                    },
                  ]}
                />
              </details>
            </li>
          ))}
        </ul>
        <CreateForm
          title={t('newParty')}
          path="/parties"
          build="party"
          csrfToken={csrf}
          fields={PARTY_FIELDS}
        />
      </section>
    </>
  );
}
