import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { cache } from 'react';
import { api, orNotFound, requireUser } from '@/lib/api';
import { FollowButton } from '@/components/follow-button';
import { apiQuery, parseFilters, type SearchParams } from '@/lib/filters';
import { formatDate, userLocale } from '@/lib/format';
import { PairTimelines } from '@/components/pair-timelines';
import { StatusDetails } from '@/components/status-details';
import { FilterForm } from '@/components/filter-form';
import { ExportLinks } from '@/components/export-link';
import { IncidentChartLazy } from '@/components/charts/incident-chart-lazy';
import { incidentCountsQuery } from '@/lib/incident-filters';

/** One request for the page and its title. */
const areaOf = cache((id: string) => orNotFound(api.area(id)));

export async function generateMetadata({
  params,
}: {
  params: Promise<{ id: string }>;
}): Promise<Metadata> {
  const area = await areaOf((await params).id).catch(() => null);
  const t = await getTranslations('area');
  return { title: area ? t('title', { area: area.name }) : t('titleNone') };
}

export default async function AreaPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const user = await requireUser();
  const { id } = await params;
  const filters = { ...parseFilters(await searchParams), areaId: id };
  const locale = await userLocale();
  const t = await getTranslations('area');
  const tc = await getTranslations('codes');
  const area = await areaOf(id);
  const query = apiQuery(filters, { asOf: true });
  query.set('limit', '200');
  const [subtree, statuses, parent, organization] = await Promise.all([
    api.subtree(id),
    api.statuses(query),
    area.parentId ? api.area(area.parentId).catch(() => undefined) : undefined,
    filters.organizationId ? api.organization(filters.organizationId).catch(() => null) : null,
  ]);
  const children = subtree.items.filter((item) => item.depth === 1);
  const knownAt = filters.knownOn ? `${filters.knownOn}T23:59:59.999Z` : undefined;

  return (
    <>
      <p className="muted">
        {parent ? (
          <>
            {t.rich('within', {
              parent: (chunks) => <Link href={`/areas/${parent.id}`}>{chunks}</Link>,
              name: parent.name,
            })}{' '}
            ·{' '}
          </>
        ) : null}
        {tc(`areaKind.${area.kind}`)}
        {area.pcode ? ` · ${t('pcode', { pcode: area.pcode })}` : ''}
        {area.iso3 ? ` · ${area.iso3}` : ''}
      </p>
      <h1>
        {area.name}
        {area.disputed && <span className="muted"> {t('disputed')}</span>}
      </h1>
      <FollowButton targetType="AREA" targetId={id} csrfToken={user.csrfToken} />
      <FilterForm
        action={`/areas/${id}`}
        filters={filters}
        selected={{ organization }}
        showArea={false}
        showOrganization
        showPeriod={false}
        locale={locale}
      />
      <ExportLinks filters={filters} />
      <div className="grid two">
        <div>
          <section className="panel" aria-labelledby="timelines">
            <h2 id="timelines">{t('timelines')}</h2>
            <PairTimelines
              locale={locale}
              knownAt={knownAt}
              pairs={statuses.items.map((status) => ({
                organizationId: status.organization.id,
                areaId: status.area.id,
                label: `${status.organization.acronym ?? status.organization.name}${status.area.id === id ? '' : ` — ${status.area.name}`}`,
                href: `/organizations/${status.organization.id}`,
              }))}
            />
          </section>
          <section className="panel" id="incidents">
            <IncidentChartLazy
              query={incidentCountsQuery(filters)}
              locale={locale}
              asOf={filters.asOf}
              bounded={Boolean(filters.from || filters.to)}
            />
          </section>
          <section aria-labelledby="current">
            <h2 id="current">
              {t.rich('on', {
                date: formatDate(statuses.asOf, locale),
                time: (chunks) => <time dateTime={statuses.asOf}>{chunks}</time>,
              })}
            </h2>
            <StatusDetails
              statuses={statuses.items}
              locale={locale}
              heading={(status) =>
                status.area.id === id
                  ? status.organization.name
                  : t('organizationIn', {
                      organization: status.organization.name,
                      area: status.area.name,
                    })
              }
            />
          </section>
        </div>
        <div>
          <section className="panel" aria-labelledby="names">
            <h2 id="names">{t('names')}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('language')}</th>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('usedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {area.names.map((name, index) => (
                  <tr key={index}>
                    <td>
                      <code>{name.lang}</code>
                    </td>
                    <td lang={name.lang}>
                      {name.name}
                      {name.isDefault && <span className="muted"> {t('default')}</span>}
                    </td>
                    <td>{name.usedBy ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel" aria-labelledby="subareas">
            <h2 id="subareas">{t('subareas')}</h2>
            {children.length === 0 ? (
              <p className="muted">{t('none')}</p>
            ) : (
              <ul>
                {children.map((child) => (
                  <li key={child.id}>
                    <Link href={`/areas/${child.id}`}>{child.name}</Link>{' '}
                    <span className="muted">({tc(`areaKind.${child.kind}`)})</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
