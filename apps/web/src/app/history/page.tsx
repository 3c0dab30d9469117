import type { Metadata } from 'next';
import Link from 'next/link';
import { cache } from 'react';
import { api, orNotFound, requireUser } from '@/lib/api';
import { parseFilters, type SearchParams } from '@/lib/filters';
import { ExportLinks } from '@/components/export-link';
import { formatDate, formatDateTime, userLocale } from '@/lib/format';
import { StatusBadge } from '@/components/charts/status-patterns';
import { SearchCombobox } from '@/components/search-combobox';
import { TERM_TYPE_LABELS } from '@access/contracts';

const organizationOf = cache((id: string) => orNotFound(api.organization(id)));
const areaOf = cache((id: string) => orNotFound(api.area(id)));

export async function generateMetadata({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}): Promise<Metadata> {
  const params = await searchParams;
  const organizationId = String(params.organizationId ?? '');
  const areaId = String(params.areaId ?? '');
  if (!organizationId || !areaId) return { title: 'History: choose an organisation and an area' };
  const [organization, area] = await Promise.all([
    organizationOf(organizationId).catch(() => null),
    areaOf(areaId).catch(() => null),
  ]);
  return {
    title:
      organization && area
        ? `History: ${organization.acronym ?? organization.name} in ${area.name}`
        : 'History',
  };
}

/** /history without a pair: choose one, by any name. */
function ChoosePair({
  organization,
  area,
}: {
  organization: { id: string; label: string } | null;
  area: { id: string; label: string } | null;
}) {
  return (
    <>
      <h1>History of an entry</h1>
      <p>
        Choose an organisation and an area to see every version ever recorded for them (type any
        name, in any language), or follow “history” from the overview, an area or an organisation.
      </p>
      <form className="filters panel" method="get" action="/history" aria-label="Choose a pair">
        <SearchCombobox
          name="organizationId"
          label="Organisation"
          kind="organizations"
          emptyLabel="Choose an organisation"
          hint="type a name, acronym, alias or IATI id"
          selected={organization}
        />
        <SearchCombobox
          name="areaId"
          label="Area"
          kind="areas"
          emptyLabel="Choose an area"
          selected={area}
        />
        <div className="actions">
          <button type="submit">Show the history</button>
        </div>
      </form>
    </>
  );
}

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
    const [organization, area] = await Promise.all([
      organizationId ? organizationOf(organizationId).catch(() => null) : null,
      areaId ? areaOf(areaId).catch(() => null) : null,
    ]);
    return (
      <ChoosePair
        organization={organization && { id: organization.id, label: organization.name }}
        area={area && { id: area.id, label: area.name }}
      />
    );
  }
  const knownOn = typeof params.knownOn === 'string' ? params.knownOn : undefined;
  const [organization, area, history] = await Promise.all([
    organizationOf(organizationId),
    areaOf(areaId),
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
                  <td>
                    {version.recordedBy.displayName}
                    {knownOn && version.recordedAt.slice(0, 10) > knownOn && (
                      <div className="muted">recorded after {formatDate(knownOn, locale)}</div>
                    )}
                  </td>
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
