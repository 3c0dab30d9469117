import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getRequestText, knownAtText } from '@/lib/request-text-server';
import type {
  TAccessRequestDetail,
  TAccessRequestVersion,
  TConsentPositionVersion,
  TMe,
} from '@access/contracts';
import { ApiError, api, orNotFound, requireUser } from '@/lib/api';
import type { SearchParams } from '@/lib/filters';
import { formatDate, formatDateTime, userLocale } from '@/lib/format';
import {
  knownAtDay,
  knownAtInstant,
  parseRequestFilters,
  requestHref,
} from '@/lib/request-filters';
import { ReviewBadge } from '@/components/review-badge';
import { ConsentTimeline } from '@/components/requests/consent-timeline';
import { ConditionList, RequestFacts, SourceList } from '@/components/requests/request-facts';
import { StanceBadge, StateBadge } from '@/components/requests/stance-badge';
import styles from '@/components/requests/requests.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getRequestText())('page.pageTitle') };
}

/** The request as this reader sees it on asOf, or null when they see only a proposal of it. */
async function detailOrNull(
  id: string,
  params: Record<string, string | undefined>,
): Promise<TAccessRequestDetail | null> {
  try {
    return await api.accessRequest(id, params);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return null;
    throw error;
  }
}

/** Coordinators and administrators record for any request; editors for their organisation's (the lead). */
function mayRecord(user: TMe, request: TAccessRequestVersion): boolean {
  if (user.role === 'COORDINATOR' || user.role === 'ADMIN') return true;
  return (
    user.role === 'EDITOR' &&
    user.organizations.some((organization) => organization.id === request.organization.id)
  );
}

/** The access status the request led to, as a link to its pair's history (null: none, or not for this reader). */
async function linkedStatus(versionId: string | null, locale: string) {
  if (!versionId) return null;
  const status = await api.status(versionId).catch(() => null);
  if (!status) return null;
  return {
    label: `${status.organization.acronym ?? status.organization.name} · ${status.area.name} · ${status.status} (${formatDate(status.validFrom, locale)})`,
    href: `/history?organizationId=${status.organization.id}&areaId=${status.area.id}`,
  };
}

/**
 * One request: its derived state on asOf (as known at knownAt, both in the URL), where each
 * needed party stands and since when, each party's positions on a timeline, the request's
 * facts and sources, and every version of it and of its positions.
 */
export default async function RequestPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { id } = await params;
  const search = await searchParams;
  const user = await requireUser(`/requests/${encodeURIComponent(id)}`);
  const filters = parseRequestFilters(search);
  const saved = typeof search.saved === 'string' ? search.saved : undefined;
  const knownAt = knownAtInstant(filters.knownAt);
  const [detail, history, locale, t, codes] = await Promise.all([
    detailOrNull(id, { asOf: filters.asOf, knownAt }),
    orNotFound(api.accessRequestHistory(id, user.role !== 'VIEWER')),
    userLocale(),
    getRequestText(),
    getTranslations('codes'),
  ]);
  const format = (iso: string) => formatDate(iso, locale);
  const request = detail?.request ?? history.versions.at(-1)!;
  const status = await linkedStatus(request.accessStatusVersionId, locale);
  const savedVersion =
    saved &&
    (
      [...history.versions, ...history.positions] as (
        | TAccessRequestVersion
        | TConsentPositionVersion
      )[]
    ).find((version) => version.id === saved);
  const pendingPositions = history.positions.filter(
    (position) =>
      position.proposal &&
      !position.supersededById &&
      (position.reviewState === 'SUBMITTED' || position.reviewState === 'DRAFT'),
  );
  const timelineStart = [
    request.requestedOn,
    ...(detail?.positions ?? []).map((position) => position.statedOn),
  ].reduce((a, b) => (a < b ? a : b));
  const timelineEnd = [
    detail?.asOf ?? request.requestedOn,
    ...(detail?.positions ?? []).map((position) => position.statedOn),
  ].reduce((a, b) => (a > b ? a : b));
  const changes = [
    ...history.versions.map((version) => ({ what: 'request' as const, version })),
    ...history.positions.map((version) => ({ what: 'position' as const, version })),
  ].sort((a, b) => a.version.recordedAt.localeCompare(b.version.recordedAt));
  const title = t('requestTitle', { kind: t(`kind.${request.kind}`), area: request.area.name });

  return (
    <>
      <p className="muted">
        <Link href="/requests">{t('board.heading')}</Link> · {request.area.name}
      </p>
      <h1>{title}</h1>
      {savedVersion && (
        <div className="confirmation panel" role="status" data-testid="saved">
          <strong>
            {savedVersion.reviewState === 'VALIDATED'
              ? t('page.savedValidated')
              : savedVersion.reviewState === 'DRAFT'
                ? t('page.savedDraft')
                : t('page.savedSubmitted')}
          </strong>{' '}
          {'party' in savedVersion
            ? t('page.savedPosition', {
                party: savedVersion.party.name,
                stance: t(`stance.${savedVersion.stance}`),
                date: format(savedVersion.statedOn),
              })
            : detail
              ? t('page.savedRequest')
              : t('page.savedRequestProposal')}
        </div>
      )}
      {detail ? (
        <p data-testid="request-state">
          <StateBadge state={detail.state} />{' '}
          {t.rich('page.stateOn', {
            date: format(detail.asOf),
            time: (chunks) => <time dateTime={detail.asOf}>{chunks}</time>,
          })}{' '}
          {knownAtText(t, filters.knownAt, locale)}
          {detail.state === 'PENDING' && detail.daysWaited !== null && (
            <> {t('page.waitedLongest', { days: detail.daysWaited })}</>
          )}
        </p>
      ) : (
        <p className="notice">{t('page.proposalOnly')}</p>
      )}
      <form className="filters inline-filters" method="get" aria-label={t('page.viewForm')}>
        <div className="field">
          <label htmlFor="q-asOf">{t('filters.asOf')}</label>
          <input id="q-asOf" name="asOf" type="date" defaultValue={filters.asOf ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="q-knownAt">{t('filters.knownAt')}</label>
          <input
            id="q-knownAt"
            name="knownAt"
            type="date"
            defaultValue={knownAtDay(filters.knownAt) ?? ''}
          />
        </div>
        <div className="actions">
          <button type="submit">{t('filters.show')}</button>{' '}
          <Link href={requestHref(id)}>{t('page.today')}</Link>
        </div>
      </form>
      {pendingPositions.length > 0 && (
        <p className="notice">{t('page.pendingPositions', { count: pendingPositions.length })}</p>
      )}
      <div className="page-actions">
        {detail && mayRecord(user, request) && (
          <Link className="button" href={`/requests/${id}/answer`}>
            {t('page.recordAnswer')}
          </Link>
        )}
        <Link className="button secondary" href="/requests">
          {t('page.backToBoard')}
        </Link>
      </div>

      {detail && (
        <section className="panel" aria-labelledby="consents-title">
          <h2 id="consents-title">{t('page.consentsTitle')}</h2>
          <div className="table-scroll cards-on-phone">
            <table data-testid="consents">
              <caption className="visually-hidden">{t('page.consentsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('board.party')}</th>
                  <th scope="col">{t('page.position')}</th>
                  <th scope="col">{t('page.since')}</th>
                  <th scope="col">{t('page.waiting')}</th>
                  <th scope="col">{t('page.conditions')}</th>
                </tr>
              </thead>
              <tbody>
                {detail.consents.map((consent) => (
                  <tr key={consent.party.id} data-party-id={consent.party.id}>
                    <th scope="row" data-label={t('board.party')}>
                      {consent.party.name}
                    </th>
                    <td data-label={t('page.position')}>
                      <StanceBadge stance={consent.stance} />
                    </td>
                    <td data-label={t('page.since')}>
                      {consent.since ? (
                        <time dateTime={consent.since}>{format(consent.since)}</time>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td data-label={t('page.waiting')}>
                      {consent.daysWaited !== null && consent.waitingSince
                        ? t('page.waitingValue', {
                            days: consent.daysWaited,
                            date: format(consent.waitingSince),
                          })
                        : '—'}
                    </td>
                    <td data-label={t('page.conditions')}>
                      {consent.conditions.length ? (
                        <ConditionList conditions={consent.conditions} />
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {detail && (
        <section className="panel" aria-labelledby="timeline-title">
          <h2 id="timeline-title">{t('page.timelineTitle')}</h2>
          <ConsentTimeline
            parties={request.neededParties}
            positions={detail.positions}
            start={timelineStart}
            end={timelineEnd}
            locale={locale}
          />
          <h3>{t('page.positionsTitle')}</h3>
          {detail.positions.length === 0 ? (
            <p className="empty">{t('page.noPositions')}</p>
          ) : (
            <ol className={styles.plainList} data-testid="positions">
              {detail.positions.map((position) => (
                <li key={position.id} className={styles.position} id={`p-${position.id}`}>
                  <strong>{position.party.name}</strong>: <StanceBadge stance={position.stance} />{' '}
                  {position.until
                    ? t('page.positionFromUntil', {
                        from: format(position.statedOn),
                        until: format(position.until),
                      })
                    : t('page.positionFrom', { from: format(position.statedOn) })}
                  {position.reason && <div>“{position.reason}”</div>}
                  <ConditionList conditions={position.conditions} />
                  <div className="meta-line">
                    {t('page.recordedBy', {
                      name: position.recordedBy.displayName,
                      date: formatDateTime(position.recordedAt, locale),
                    })}{' '}
                    · {codes(`sensitivity.${position.sensitivity}`)}
                  </div>
                  {position.sources.length > 0 && (
                    <SourceList sources={position.sources} locale={locale} />
                  )}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}

      <section className="panel" aria-labelledby="facts-title">
        <h2 id="facts-title">{detail ? t('page.factsTitle') : t('page.factsProposed')}</h2>
        <RequestFacts request={request} locale={locale} linkedStatus={status} />
      </section>

      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">{t('page.historyTitle')}</h2>
        <p className="muted small">{t('page.historyExplain')}</p>
        <ol className="incident-history" data-testid="history">
          {changes.map(({ what, version }) => (
            <li key={version.id}>
              <strong>
                {t(`changeKind.${version.changeKind}`)}
                {version.proposal ? ` (${t('page.proposal')})` : ''}
              </strong>{' '}
              <time dateTime={version.recordedAt}>
                {formatDateTime(version.recordedAt, locale)}
              </time>{' '}
              · {version.recordedBy.displayName} <ReviewBadge state={version.reviewState} />
              <div className="meta-line">
                {what === 'request'
                  ? t('page.historyRequest', {
                      requestedOn: format((version as TAccessRequestVersion).requestedOn),
                    })
                  : t('page.historyPosition', {
                      party: (version as TConsentPositionVersion).party.name,
                      stance: t(`stance.${(version as TConsentPositionVersion).stance}`),
                      date: format((version as TConsentPositionVersion).statedOn),
                    })}{' '}
                · {codes(`sensitivity.${version.sensitivity}`)}
              </div>
              {version.correctionNote && (
                <div>{t('page.correctionNote', { note: version.correctionNote })}</div>
              )}
              {version.reviewNote && (
                <div>{t('page.reviewNote', { note: version.reviewNote })}</div>
              )}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
