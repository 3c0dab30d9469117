import type { Metadata } from 'next';
import Link from 'next/link';
import { api, requireUser } from '@/lib/api';
import { apiQuery, parseFilters, type SearchParams } from '@/lib/filters';
import { formatDate, userLocale } from '@/lib/format';
import { StatusBadge } from '@/components/charts/status-patterns';
import { FilterForm } from '@/components/filter-form';
import { ExportLinks } from '@/components/export-link';
import { ReviewBadge } from '@/components/review-badge';

export const metadata: Metadata = { title: 'Entries' };

export default async function EntriesPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const user = await requireUser();
  const filters = parseFilters(params);
  const locale = await userLocale();
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
            ? `Entries of ${user.organizations.map((organization) => organization.acronym ?? organization.name).join(', ') || 'your organisation'}`
            : 'Entries'}
        </h1>
        {canEdit && (
          <span className="page-actions">
            <Link className="button" href="/entries/new">
              Record a change
            </Link>
            {ownOnly && (
              <Link className="button secondary" href="/my-entries">
                My entries
              </Link>
            )}
            <Link className="button secondary" href="/imports">
              Import a CSV
            </Link>
          </span>
        )}
      </div>
      {ownOnly && user.organizations.length === 0 && (
        <p className="notice">
          Your account belongs to no organisation yet: ask an administrator to add you to yours.
        </p>
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
          No entries hold on this date for these filters.
          {canEdit && (
            <>
              {' '}
              <Link href="/entries/new">Record the first one</Link>.
            </>
          )}
        </p>
      ) : (
        <div className="table-scroll panel cards-on-phone">
          <table>
            <caption className="visually-hidden">
              Entries that hold on {formatDate(statuses.asOf, locale)}
            </caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Area</th>
                <th scope="col">Status</th>
                <th scope="col">Since</th>
                <th scope="col">Review</th>
                <th scope="col">Sensitivity</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {statuses.items.map((status) => (
                <tr key={status.id}>
                  <td data-label="Organisation">
                    <Link href={`/organizations/${status.organization.id}`}>
                      {status.organization.acronym ?? status.organization.name}
                    </Link>
                  </td>
                  <td data-label="Area">
                    <Link href={`/areas/${status.area.id}`}>{status.area.name}</Link>
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={status.status} />
                  </td>
                  <td data-label="Since">
                    <time dateTime={status.validFrom}>{formatDate(status.validFrom, locale)}</time>
                  </td>
                  <td data-label="Review">
                    <ReviewBadge state={status.reviewState} />
                    {status.reviewNote ? (
                      <span className="review-note">“{status.reviewNote}”</span>
                    ) : null}
                  </td>
                  <td data-label="Sensitivity">{status.sensitivity}</td>
                  <td className="row-actions">
                    <Link
                      href={`/history?organizationId=${status.organization.id}&areaId=${status.area.id}`}
                      aria-label={`History of ${status.organization.acronym ?? status.organization.name} in ${status.area.name}`}
                    >
                      History
                    </Link>
                    {editable.has(status.organization.id) && !status.supersededById && (
                      <>
                        <Link
                          href={`/entries/${status.id}/correct`}
                          aria-label={`Correct the entry of ${status.organization.acronym ?? status.organization.name} in ${status.area.name}`}
                        >
                          Correct
                        </Link>
                        <Link
                          href={`/entries/new?organizationId=${status.organization.id}&areaId=${status.area.id}`}
                          aria-label={`New status for ${status.organization.acronym ?? status.organization.name} in ${status.area.name}`}
                        >
                          New status
                        </Link>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
