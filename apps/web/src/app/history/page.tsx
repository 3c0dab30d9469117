import type { Metadata } from 'next';
import Link from 'next/link';
import { api, orNotFound, requireUser } from '@/lib/api';
import { parseFilters, type SearchParams } from '@/lib/filters';
import { ExportLinks } from '@/components/export-link';
import { formatDate, formatDateTime, userLocale } from '@/lib/format';
import { StatusBadge } from '@/components/charts/status-patterns';
import { TERM_TYPE_LABELS } from '@access/contracts';

export const metadata: Metadata = { title: 'History' };

/** CLOSE appears only in entries recorded before period ends were derived: recording the next status then closed the open period with a version of its own. */
const KIND_LABEL = {
  RECORD: 'New status',
  CLOSE: 'Closed by the next status',
  CORRECTION: 'Correction',
  REVIEW: 'Review',
} as const;

export default async function HistoryPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  await requireUser();
  const params = await searchParams;
  const organizationId = String(params.organizationId ?? '');
  const areaId = String(params.areaId ?? '');
  const locale = await userLocale();
  if (!organizationId || !areaId) {
    return (
      <p className="empty">
        Choose an organisation and an area (from the overview or an area page) to see every version
        of their entry.
      </p>
    );
  }
  const [organization, area, history] = await Promise.all([
    orNotFound(api.organization(organizationId)),
    orNotFound(api.area(areaId)),
    orNotFound(api.history(organizationId, areaId)),
  ]);
  return (
    <>
      <h1>
        <Link href={`/organizations/${organization.id}`}>{organization.name}</Link> in{' '}
        <Link href={`/areas/${area.id}`}>{area.name}</Link>
      </h1>
      <ExportLinks
        filters={parseFilters({ organizationId, areaId })}
        history={{ organizationId, areaId }}
      />
      <p className="muted">
        Every version ever recorded, oldest first. Nothing is overwritten: a correction or a review
        supersedes an earlier version, and both remain. A period ends on the end date given, or
        where the next status starts, whichever comes first.
        {history.items.some((version) => version.changeKind === 'CLOSE') && (
          <>
            {' '}
            Older entries were ended by a version of their own when the next status was recorded (“
            {KIND_LABEL.CLOSE}”).
          </>
        )}
      </p>
      {history.items.length === 0 ? (
        <p className="empty">No versions you are cleared to see.</p>
      ) : (
        <div className="table-scroll panel">
          <table>
            <thead>
              <tr>
                <th scope="col">Recorded</th>
                <th scope="col">By</th>
                <th scope="col">Change</th>
                <th scope="col">Status</th>
                <th scope="col">Valid</th>
                <th scope="col">Why</th>
                <th scope="col">Terms and sources</th>
                <th scope="col">Review</th>
                <th scope="col">Latest version?</th>
              </tr>
            </thead>
            <tbody>
              {history.items.map((version) => (
                <tr key={version.id} id={`v-${version.id}`}>
                  <td>
                    <time dateTime={version.recordedAt}>
                      {formatDateTime(version.recordedAt, locale)}
                    </time>
                  </td>
                  <td>{version.recordedBy.displayName}</td>
                  <td>{KIND_LABEL[version.changeKind]}</td>
                  <td>
                    <StatusBadge status={version.status} />
                  </td>
                  <td>
                    <time dateTime={version.validFrom}>
                      {formatDate(version.validFrom, locale)}
                    </time>{' '}
                    –{' '}
                    {version.validTo ? (
                      <time dateTime={version.validTo}>{formatDate(version.validTo, locale)}</time>
                    ) : (
                      '…'
                    )}
                  </td>
                  <td>{version.reason}</td>
                  <td>
                    {version.terms.map((term, index) => (
                      <div key={index}>
                        {TERM_TYPE_LABELS[term.type]}
                        {term.grantingParty ? ` (${term.grantingParty.name})` : ''}
                      </div>
                    ))}
                    {version.sources.map((source, index) => (
                      <div key={`s${index}`} className="muted">
                        {source.url ? (
                          <a href={source.url} rel="noopener noreferrer nofollow">
                            {source.title}
                          </a>
                        ) : (
                          source.title
                        )}
                      </div>
                    ))}
                  </td>
                  <td>
                    {version.reviewState.toLowerCase()}
                    {version.reviewNote ? `: ${version.reviewNote}` : ''}
                  </td>
                  <td>
                    {version.supersededById ? (
                      <a href={`#v-${version.supersededById}`}>superseded</a>
                    ) : (
                      'yes'
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
