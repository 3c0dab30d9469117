import type { Metadata } from 'next';
import Link from 'next/link';
import {
  AREA_KINDS,
  ORGANIZATION_TYPES,
  PARTY_KINDS,
  ROLES,
  SENSITIVITIES,
} from '@access/contracts';
import { api, requireUser } from '@/lib/api';
import { CreateForm, type FieldSpec } from './create-form';
import { UserToggle } from './user-toggle';

export const metadata: Metadata = { title: 'Administration' };

const ORGANIZATION_FIELDS: FieldSpec[] = [
  { name: 'name', label: 'Name' },
  { name: 'acronym', label: 'Acronym' },
  {
    name: 'typeCode',
    label: 'Type (OCHA)',
    type: 'select',
    options: Object.entries(ORGANIZATION_TYPES).map(([code, label]) => ({ value: code, label })),
  },
  { name: 'iatiId', label: 'IATI identifier', hint: 'e.g. XM-DAC-41127' },
  { name: 'aliases', label: 'Other names', hint: 'separated by commas' },
];

const clearanceField: FieldSpec = {
  name: 'clearance',
  label: 'Clearance',
  type: 'select',
  options: SENSITIVITIES.map((level) => ({ value: level, label: level })),
};

const PARTY_FIELDS: FieldSpec[] = [
  { name: 'name', label: 'Name' },
  { name: 'acronym', label: 'Acronym' },
  {
    name: 'kind',
    label: 'Kind',
    type: 'select',
    options: PARTY_KINDS.map((kind) => ({
      value: kind,
      label: kind.toLowerCase().replaceAll('_', ' '),
    })),
  },
];

export default async function AdminPage() {
  const user = await requireUser();
  if (user.role !== 'ADMIN')
    return (
      <p className="alert">Only administrators manage users, organisations, areas and parties.</p>
    );
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
    label: 'Organisation',
    type: 'select',
    options: [
      { value: '', label: 'None' },
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
      <h1>Administration</h1>
      <section className="panel" aria-labelledby="users">
        <h2 id="users">Users</h2>
        <div className="table-scroll cards-on-phone">
          <table>
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Clearance</th>
                <th scope="col">Organisations</th>
                <th scope="col">Account</th>
              </tr>
            </thead>
            <tbody>
              {users.items.map((item) => (
                <tr key={item.id}>
                  <td data-label="E-mail">{item.email}</td>
                  <td data-label="Name">{item.displayName}</td>
                  <td data-label="Role">{item.role}</td>
                  <td data-label="Clearance">{item.clearance}</td>
                  <td data-label="Organisations">
                    {item.organizationIds.map((id) => organizationName.get(id) ?? id).join(', ')}
                  </td>
                  <td data-label="Account">
                    {item.id === user.id ? (
                      'you'
                    ) : (
                      <UserToggle id={item.id} disabled={item.disabled} csrfToken={csrf} />
                    )}
                    <details>
                      <summary>Edit</summary>
                      <CreateForm
                        title={`Edit ${item.email}`}
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
                          { name: 'displayName', label: 'Name' },
                          {
                            name: 'role',
                            label: 'Role',
                            type: 'select',
                            options: ROLES.map((role) => ({ value: role, label: role })),
                          },
                          clearanceField,
                          organizationField,
                          {
                            name: 'password',
                            label: 'New password',
                            type: 'password',
                            hint: 'leave empty to keep it',
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
          title="New user"
          path="/users"
          build="user"
          csrfToken={csrf}
          fields={[
            { name: 'email', label: 'E-mail', type: 'email' },
            { name: 'displayName', label: 'Name' },
            {
              name: 'password',
              label: 'Initial password',
              type: 'password',
              hint: 'at least 12 characters',
            },
            {
              name: 'role',
              label: 'Role',
              type: 'select',
              options: [...ROLES].reverse().map((role) => ({ value: role, label: role })),
            },
            clearanceField,
            organizationField,
          ]}
        />
      </section>
      <section className="panel" aria-labelledby="organizations">
        <h2 id="organizations">Organisations ({organizations.items.length})</h2>
        <ul>
          {organizations.items.map((o) => (
            <li key={o.id}>
              <Link href={`/organizations/${o.id}`}>{o.name}</Link>
              {o.acronym ? ` (${o.acronym})` : ''} — {o.typeLabel}
              {o.iatiId ? ` — ${o.iatiId}` : ''}
              <details>
                <summary>Edit</summary>
                <CreateForm
                  title={`Edit ${o.name}`}
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
          title="New organisation"
          path="/organizations"
          build="organization"
          csrfToken={csrf}
          fields={ORGANIZATION_FIELDS}
        />
      </section>
      <section className="panel" aria-labelledby="areas">
        <h2 id="areas">Areas ({areas.items.length})</h2>
        <ul>
          {areas.items.map((a) => (
            <li key={a.id}>
              <Link href={`/areas/${a.id}`}>{a.name}</Link> — {a.kind.toLowerCase()}
              {a.pcode ? ` — ${a.pcode}` : ''}
              <details>
                <summary>Edit</summary>
                <CreateForm
                  title={`Edit ${a.name}`}
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
                      label: 'Names, one per line: language | name | used by',
                      type: 'textarea',
                      hint: 'the first line is the name shown by default',
                    },
                    {
                      name: 'kind',
                      label: 'Kind',
                      type: 'select',
                      options: AREA_KINDS.map((kind) => ({
                        value: kind,
                        label: kind.toLowerCase(),
                      })),
                    },
                    {
                      name: 'parentId',
                      label: 'Within',
                      type: 'select',
                      options: [
                        { value: '', label: '— top level —' },
                        ...areas.items
                          .filter((other) => other.id !== a.id)
                          .map((other) => ({ value: other.id, label: other.name })),
                      ],
                    },
                    { name: 'pcode', label: 'P-code' },
                    { name: 'iso3', label: 'ISO3 (countries)' },
                    {
                      name: 'disputed',
                      label: 'Status of the territory',
                      type: 'select',
                      options: [
                        { value: 'false', label: 'not disputed' },
                        { value: 'true', label: 'disputed' },
                      ],
                    },
                  ]}
                />
              </details>
            </li>
          ))}
        </ul>
        <CreateForm
          title="New area"
          path="/areas"
          build="area"
          csrfToken={csrf}
          fields={[
            { name: 'name', label: 'Name' },
            { name: 'lang', label: 'Language of the name', hint: 'e.g. en, hy, az, ru' },
            {
              name: 'kind',
              label: 'Kind',
              type: 'select',
              options: AREA_KINDS.map((kind) => ({ value: kind, label: kind.toLowerCase() })),
            },
            {
              name: 'parentId',
              label: 'Within',
              type: 'select',
              options: [
                { value: '', label: '— top level —' },
                ...areas.items.map((a) => ({ value: a.id, label: a.name })),
              ],
            },
            { name: 'pcode', label: 'P-code' },
            { name: 'iso3', label: 'ISO3 (countries)' },
          ]}
        />
      </section>
      <section className="panel" aria-labelledby="parties">
        <h2 id="parties">Parties ({parties.items.length})</h2>
        <ul>
          {parties.items.map((p) => (
            <li key={p.id}>
              {p.name} — {p.kind.toLowerCase().replaceAll('_', ' ')}
              <details>
                <summary>Edit</summary>
                <CreateForm
                  title={`Edit ${p.name}`}
                  path={`/parties/${p.id}`}
                  build="party-edit"
                  csrfToken={csrf}
                  initial={{
                    name: p.name,
                    acronym: p.acronym ?? '',
                    kind: p.kind,
                    note: p.note ?? '',
                  }}
                  fields={[...PARTY_FIELDS, { name: 'note', label: 'Note', type: 'textarea' }]}
                />
              </details>
            </li>
          ))}
        </ul>
        <CreateForm
          title="New party"
          path="/parties"
          build="party"
          csrfToken={csrf}
          fields={PARTY_FIELDS}
        />
      </section>
    </>
  );
}
