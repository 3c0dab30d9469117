import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { api, requireUser } from '@/lib/api';
import { apiQuery, parseFilters, type SearchParams } from '@/lib/filters';
import { formatDate, userLocale } from '@/lib/format';
import { StatusBadge } from '@/components/charts/status-patterns';
import { FilterForm } from '@/components/filter-form';
import { ExportLinks } from '@/components/export-link';
import { ReviewBadge } from '@/components/review-badge';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('entries'))('title') };
}

export default async function EntriesPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const user = await requireUser();
  const filters = parseFilters(params);
  const locale = await userLocale();
  const t = await getTranslations('entries');
  const tc = await getTranslations('codes');
  const canEdit = user.role !== 'VIEWER';
  const ownOnly = user.role === 'EDITOR';
  const query = apiQuery(filters, { asOf: true });
  query.set('limit', '200');
  if (ownOnly && !filters.organizationId)
    query.set(
      'organizationId',
      user.organizations.map((organization) => organization.id).join(','),
    );
  const [statuses, areas, organizations] = await Promise.all([
    ownOnly && user.organizations.length === 0
      ? Promise.resolve({ asOf: '', items: [], nextCursor: null })
      : api.statuses(query),
    api.areas(),
    api.organizations(),
  ]);
  const editable = new Set(
    user.role === 'EDITOR'
      ? user.organizations.map((organization) => organization.id)
      : canEdit
        ? organizations.items.map((organization) => organization.id)
        : [],
  );

  return (
    <>
      <div className="page-title">
        <h1>
          {ownOnly
            ? user.organizations.length
              ? t('titleOf', {
                  organizations: user.organizations
                    .map((organization) => organization.acronym ?? organization.name)
                    .join(', '),
                })
              : t('titleOfYours')
            : t('title')}
        </h1>
        {canEdit && (
          <span className="page-actions">
            <Link className="button" href="/entries/new">
              {t('record')}
            </Link>
            {ownOnly && (
              <Link className="button secondary" href="/my-entries">
                {t('myEntries')}
              </Link>
            )}
            <Link className="button secondary" href="/imports">
              {t('import')}
            </Link>
          </span>
        )}
      </div>
      {ownOnly && user.organizations.length === 0 && (
        <p className="notice">{t('noOrganization')}</p>
      )}
      <FilterForm
        action="/entries"
        filters={filters}
        areas={areas.items}
        organizations={ownOnly ? undefined : organizations.items}
        showPeriod={false}
      />
      <ExportLinks
        filters={
          ownOnly && !filters.organizationId
            ? {
                ...filters,
                organizationId: user.organizations.map((organization) => organization.id).join(','),
              }
            : filters
        }
      />
      {statuses.items.length === 0 ? (
        <p className="empty">
          {t('empty')}
          {canEdit && (
            <>
              {' '}
              <Link href="/entries/new">{t('recordFirst')}</Link>
            </>
          )}
        </p>
      ) : (
        <div className="table-scroll panel cards-on-phone">
          <table>
            <caption className="visually-hidden">
              {t('caption', { date: formatDate(statuses.asOf, locale) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('organization')}</th>
                <th scope="col">{t('area')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('since')}</th>
                <th scope="col">{t('review')}</th>
                <th scope="col">{t('sensitivity')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {statuses.items.map((status) => {
                const pair = {
                  organization: status.organization.acronym ?? status.organization.name,
                  area: status.area.name,
                };
                return (
                  <tr key={status.id}>
                    <td data-label={t('organization')}>
                      <Link href={`/organizations/${status.organization.id}`}>
                        {status.organization.acronym ?? status.organization.name}
                      </Link>
                    </td>
                    <td data-label={t('area')}>
                      <Link href={`/areas/${status.area.id}`}>{status.area.name}</Link>
                    </td>
                    <td data-label={t('status')}>
                      <StatusBadge status={status.status} />
                    </td>
                    <td data-label={t('since')}>
                      <time dateTime={status.validFrom}>
                        {formatDate(status.validFrom, locale)}
                      </time>
                    </td>
                    <td data-label={t('review')}>
                      <ReviewBadge state={status.reviewState} />
                      {status.reviewNote ? (
                        <span className="review-note">“{status.reviewNote}”</span>
                      ) : null}
                    </td>
                    <td data-label={t('sensitivity')}>{tc(`sensitivity.${status.sensitivity}`)}</td>
                    <td className="row-actions">
                      <Link
                        href={`/history?organizationId=${status.organization.id}&areaId=${status.area.id}`}
                        aria-label={t('historyOf', pair)}
                      >
                        {t('history')}
                      </Link>
                      {editable.has(status.organization.id) && !status.supersededById && (
                        <>
                          <Link
                            href={`/entries/${status.id}/correct`}
                            aria-label={t('correctOf', pair)}
                          >
                            {t('correct')}
                          </Link>
                          <Link
                            href={`/entries/new?organizationId=${status.organization.id}&areaId=${status.area.id}`}
                            aria-label={t('newStatusOf', pair)}
                          >
                            {t('newStatus')}
                          </Link>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
