import type { Metadata } from 'next';
import Link from 'next/link';
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
  return { title: area ? `${area.name}: access by organisation` : 'Area' };
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
            Within <Link href={`/areas/${parent.id}`}>{parent.name}</Link> ·{' '}
          </>
        ) : null}
        {area.kind.toLowerCase()}
        {area.pcode ? ` · p-code ${area.pcode}` : ''}
        {area.iso3 ? ` · ${area.iso3}` : ''}
      </p>
      <h1>
        {area.name}
        {area.disputed && <span className="muted"> (status of the territory disputed)</span>}
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
            <h2 id="timelines">Each organisation over time</h2>
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
              On <time dateTime={statuses.asOf}>{formatDate(statuses.asOf, locale)}</time>
            </h2>
            <StatusDetails
              statuses={statuses.items}
              locale={locale}
              heading={(status) =>
                `${status.organization.name}${status.area.id === id ? '' : ` in ${status.area.name}`}`
              }
            />
          </section>
        </div>
        <div>
          <section className="panel" aria-labelledby="names">
            <h2 id="names">Names</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Language</th>
                  <th scope="col">Name</th>
                  <th scope="col">Used by</th>
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
                      {name.isDefault && <span className="muted"> (shown by default)</span>}
                    </td>
                    <td>{name.usedBy ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel" aria-labelledby="subareas">
            <h2 id="subareas">Sub-areas</h2>
            {children.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <ul>
                {children.map((child) => (
                  <li key={child.id}>
                    <Link href={`/areas/${child.id}`}>{child.name}</Link>{' '}
                    <span className="muted">({child.kind.toLowerCase()})</span>
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
