import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { CONSTRAINT_CATEGORIES } from '@access/contracts';
import { api, requireUser } from '@/lib/api';
import type { SearchParams } from '@/lib/filters';
import { formatDate, userLocale } from '@/lib/format';
import { incidentListHref, incidentQuery, parseIncidentFilters } from '@/lib/incident-filters';
import { incidentLabels } from '@/lib/incident-text';
import { OccurredAt } from '@/components/incident-details';
import { ReviewBadge } from '@/components/review-badge';
import { SearchCombobox } from '@/components/search-combobox';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('incidents'))('title') };
}

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
  const t = await getTranslations('incidents');
  const tf = await getTranslations('filters');
  const labels = incidentLabels(await getTranslations('codes'));
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
    area ? tf('summary.inArea', { area: area.name }) : tf('summary.allAreas'),
    filters.category.length
      ? t('summary.categories', { codes: filters.category.join(', ') })
      : t('summary.everyCategory'),
    filters.from && filters.to
      ? t('summary.between', { from: format(filters.from), to: format(filters.to) })
      : filters.from
        ? t('summary.from', { from: format(filters.from) })
        : filters.to
          ? t('summary.to', { to: format(filters.to) })
          : t('summary.anyDate'),
  ].join(' · ');

  return (
    <>
      <div className="page-title">
        <h1>{t('title')}</h1>
        {canRecord && (
          <span className="page-actions">
            <Link className="button" href="/incidents/new">
              {t('record')}
            </Link>
          </span>
        )}
      </div>
      <p className="muted">
        {t('intro')} {user.role === 'EDITOR' && t('introEditor')}
      </p>
      <details className="filters-disclosure panel" open={filtered}>
        <summary>
          <span className="visually-hidden">{tf('label')}: </span>
          <span data-testid="incident-filter-summary">
            {described.charAt(0).toLocaleUpperCase(locale) + described.slice(1)}
          </span>
          <span className="edit-filters" aria-hidden="true">
            {' '}
            · {tf('edit')}
          </span>
        </summary>
        <form className="filters" method="get" action="/incidents" aria-label={tf('label')}>
          <SearchCombobox
            name="areaId"
            label={tf('area')}
            kind="areas"
            emptyLabel={tf('allAreas')}
            selected={area ? { id: area.id, label: area.name } : null}
          />
          <fieldset className="field checks categories">
            <legend>{tf('category')}</legend>
            {Object.keys(CONSTRAINT_CATEGORIES).map((code) => (
              <label key={code} className="check">
                <input
                  type="checkbox"
                  name="category"
                  value={code}
                  defaultChecked={filters.category.includes(code)}
                />{' '}
                {code}. {labels.category(Number(code))}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="i-from">{t('occurredFrom')}</label>
            <input id="i-from" name="from" type="date" defaultValue={filters.from ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="i-to">{t('occurredUntil')}</label>
            <input id="i-to" name="to" type="date" defaultValue={filters.to ?? ''} />
          </div>
          <div className="actions">
            <button type="submit">{t('show')}</button> <Link href="/incidents">{t('clear')}</Link>
          </div>
        </form>
      </details>

      {page.items.length === 0 ? (
        <p className="empty">
          {filtered ? t('emptyFiltered') : t('empty')}
          {canRecord && (
            <>
              {' '}
              <Link href="/incidents/new">{t('recordOne')}</Link>
            </>
          )}
        </p>
      ) : (
        <div className="table-scroll panel cards-on-phone incident-list">
          <table>
            <caption className="visually-hidden">{t('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('occurred')}</th>
                <th scope="col">{t('area')}</th>
                <th scope="col">{t('category')}</th>
                <th scope="col">{t('whatHappened')}</th>
                <th scope="col">{t('recordedBy')}</th>
                <th scope="col">{t('review')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((incident) => (
                <tr key={incident.id} data-incident-id={incident.incidentId}>
                  <td data-label={t('occurred')}>
                    <OccurredAt version={incident} locale={locale} />
                  </td>
                  <td data-label={t('area')}>
                    <Link href={`/areas/${incident.area.id}`}>{incident.area.name}</Link>
                  </td>
                  <td data-label={t('category')}>
                    <span title={labels.category(incident.category)}>
                      {incident.category}. {labels.categoryShort(incident.category)}
                    </span>
                  </td>
                  <td data-label={t('whatHappened')}>
                    {labels.subType(incident.category, incident.subType)}
                  </td>
                  <td data-label={t('recordedBy')}>
                    {incident.organization.acronym ?? incident.organization.name}
                  </td>
                  <td data-label={t('review')}>
                    <ReviewBadge state={incident.reviewState} />
                  </td>
                  <td className="row-actions">
                    <Link
                      href={`/incidents/${incident.incidentId}`}
                      aria-label={t('openOf', {
                        date: format(incident.occurredOn),
                        area: incident.area.name,
                      })}
                    >
                      {t('open')}
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
            {t('older')}{' '}
            <span className="flow" aria-hidden="true">
              →
            </span>
          </Link>
        </p>
      )}
    </>
  );
}
