import type { Metadata } from 'next';
import Link from 'next/link';
import { CONSTRAINT_CATEGORIES } from '@access/contracts';
import { api, requireUser } from '@/lib/api';
import type { SearchParams } from '@/lib/filters';
import { formatDate, userLocale } from '@/lib/format';
import { incidentListHref, incidentQuery, parseIncidentFilters } from '@/lib/incident-filters';
import { CATEGORY_SHORT, categoryLabel, subTypeLabel } from '@/lib/incident-text';
import { OccurredAt } from '@/components/incident-details';
import { ReviewBadge } from '@/components/review-badge';
import { SearchCombobox } from '@/components/search-combobox';

export const metadata: Metadata = { title: 'Incidents' };

/** Incidents listed per page (the API's cursor brings the next ones). */
const PAGE_SIZE = 50;

/** Incidents, latest occurred first, filtered by area (with sub-areas), category and period. */
export default async function IncidentsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const user = await requireUser('/incidents');
  const filters = parseIncidentFilters(await searchParams);
  const locale = await userLocale();
  const query = incidentQuery(filters);
  query.set('limit', String(PAGE_SIZE));
  // an editor also sees their organisation's pending proposals, marked as such
  if (user.role === 'EDITOR') query.set('includeProposals', 'true');
  const [page, area] = await Promise.all([
    api.incidents(query),
    filters.areaId ? api.area(filters.areaId).catch(() => null) : null,
  ]);
  const canRecord = user.role !== 'VIEWER';
  const filtered = Boolean(filters.areaId || filters.category.length || filters.from || filters.to);
  const format = (iso: string) => formatDate(iso, locale);
  const described = [
    area ? `in ${area.name} (with sub-areas)` : 'all areas',
    filters.category.length ? `categories ${filters.category.join(', ')}` : 'every category',
    filters.from || filters.to
      ? `occurred ${filters.from ? `from ${format(filters.from)}` : ''}${filters.from && filters.to ? ' ' : ''}${filters.to ? `to ${format(filters.to)}` : ''}`
      : 'any date',
  ].join(' · ');

  return (
    <>
      <div className="page-title">
        <h1>Incidents</h1>
        {canRecord && (
          <span className="page-actions">
            <Link className="button" href="/incidents/new">
              Record an incident
            </Link>
          </span>
        )}
      </div>
      <p className="muted">
        Events that impeded humanitarian work, by OCHA constraint category: latest first, as known
        now.{' '}
        {user.role === 'EDITOR' &&
          'Your organisation’s proposals are listed with their review state.'}
      </p>
      <details className="filters-disclosure panel" open={filtered}>
        <summary>
          <span className="visually-hidden">Filters: </span>
          <span data-testid="incident-filter-summary">
            {described.charAt(0).toUpperCase() + described.slice(1)}
          </span>
          <span className="edit-filters" aria-hidden="true">
            {' '}
            · edit
          </span>
        </summary>
        <form className="filters" method="get" action="/incidents" aria-label="Filters">
          <SearchCombobox
            name="areaId"
            label="Area (with sub-areas)"
            kind="areas"
            emptyLabel="All areas"
            selected={area ? { id: area.id, label: area.name } : null}
          />
          <fieldset className="field checks categories">
            <legend>Constraint category</legend>
            {Object.entries(CONSTRAINT_CATEGORIES).map(([code, label]) => (
              <label key={code} className="check">
                <input
                  type="checkbox"
                  name="category"
                  value={code}
                  defaultChecked={filters.category.includes(code)}
                />{' '}
                {code}. {label}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="i-from">Occurred from</label>
            <input id="i-from" name="from" type="date" defaultValue={filters.from ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="i-to">Occurred until</label>
            <input id="i-to" name="to" type="date" defaultValue={filters.to ?? ''} />
          </div>
          <div className="actions">
            <button type="submit">Show</button> <Link href="/incidents">Clear the filters</Link>
          </div>
        </form>
      </details>

      {page.items.length === 0 ? (
        <p className="empty">
          {filtered ? 'No incidents for these filters.' : 'No incidents recorded yet.'}
          {canRecord && (
            <>
              {' '}
              <Link href="/incidents/new">Record one</Link>.
            </>
          )}
        </p>
      ) : (
        <div className="table-scroll panel cards-on-phone incident-list">
          <table>
            <caption className="visually-hidden">Incidents, latest occurred first</caption>
            <thead>
              <tr>
                <th scope="col">Occurred</th>
                <th scope="col">Area</th>
                <th scope="col">Category</th>
                <th scope="col">What happened</th>
                <th scope="col">Recorded by</th>
                <th scope="col">Review</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((incident) => (
                <tr key={incident.id} data-incident-id={incident.incidentId}>
                  <td data-label="Occurred">
                    <OccurredAt version={incident} locale={locale} />
                  </td>
                  <td data-label="Area">
                    <Link href={`/areas/${incident.area.id}`}>{incident.area.name}</Link>
                  </td>
                  <td data-label="Category">
                    <span title={categoryLabel(incident.category)}>
                      {incident.category}. {CATEGORY_SHORT[incident.category]}
                    </span>
                  </td>
                  <td data-label="What happened">
                    {subTypeLabel(incident.category, incident.subType)}
                  </td>
                  <td data-label="Recorded by">
                    {incident.organization.acronym ?? incident.organization.name}
                  </td>
                  <td data-label="Review">
                    <ReviewBadge state={incident.reviewState} />
                  </td>
                  <td className="row-actions">
                    <Link
                      href={`/incidents/${incident.incidentId}`}
                      aria-label={`Open the incident of ${format(incident.occurredOn)} in ${incident.area.name}`}
                    >
                      Open
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.nextCursor && (
        <p>
          <Link href={incidentListHref(filters, page.nextCursor)}>
            Older incidents <span aria-hidden="true">→</span>
          </Link>
        </p>
      )}
    </>
  );
}
