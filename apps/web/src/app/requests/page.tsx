import type { Metadata } from 'next';
import Link from 'next/link';
import { getRequestText, knownAtText } from '@/lib/request-text-server';
import { api, orNotFound, requireUser } from '@/lib/api';
import type { SearchParams } from '@/lib/filters';
import { formatDate, userLocale } from '@/lib/format';
import {
  boardQuery,
  figuresPeriod,
  figuresQuery,
  knownAtDay,
  knownAtInstant,
  listQuery,
  parseRequestFilters,
  requestsHref,
} from '@/lib/request-filters';
import { ConsentBoardTable } from '@/components/requests/consent-board-table';
import { PartyFigures } from '@/components/requests/party-figures';
import { RequestFilterForm } from '@/components/requests/request-filter-form';
import { RequestList } from '@/components/requests/request-list';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getRequestText())('board.pageTitle') };
}

/** Rows of the board and of the request list per page (the API's cursors bring the next). */
const PAGE_SIZE = 50;

/**
 * The consent board (issue 16): who waits on whom and since when, worst waits first; each
 * party's answers, refusal rate and median days to answer over a period; and every request
 * with its derived state. As of a day and as known at an instant, both in the URL.
 */
export default async function RequestsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const user = await requireUser('/requests');
  const filters = parseRequestFilters(await searchParams);
  const [locale, t] = await Promise.all([userLocale(), getRequestText()]);
  const today = new Date().toISOString().slice(0, 10);
  const listParams = listQuery(filters, PAGE_SIZE);
  // an editor also sees their organisation's pending requests, marked as proposals
  if (user.role === 'EDITOR') listParams.set('includeProposals', 'true');
  const [board, figures, list, parties, area, organization] = await Promise.all([
    api.consentBoard(boardQuery(filters, PAGE_SIZE)),
    api.partyFigures(figuresQuery(filters, today)),
    api.accessRequests(listParams),
    api.parties(),
    filters.areaId ? orNotFound(api.area(filters.areaId)) : null,
    filters.organizationId ? orNotFound(api.organization(filters.organizationId)) : null,
  ]);
  const format = (iso: string) => formatDate(iso, locale);
  const party = parties.items.find((item) => item.id === filters.partyId);
  const period = figuresPeriod(filters, today);
  const view = { asOf: filters.asOf, knownAt: filters.knownAt };
  const knownAt = knownAtInstant(filters.knownAt);
  const summary = [
    party ? t('filters.summaryParty', { party: party.name }) : t('filters.anyParty'),
    area ? t('filters.summaryArea', { area: area.name }) : t('filters.anyArea'),
    organization
      ? t('filters.summaryOrganization', {
          organization: organization.acronym ?? organization.name,
        })
      : null,
    filters.kind.length ? filters.kind.map((kind) => t(`kind.${kind}`)).join(', ') : null,
    t('filters.summaryAsOf', { date: format(board.asOf) }),
    knownAt ? t('filters.summaryKnownAt', { date: format(knownAt) }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const worst = board.items.find((item) => item.daysWaited !== null);
  const canRecord = user.role !== 'VIEWER';
  const filtered = Boolean(
    filters.areaId || filters.partyId || filters.organizationId || filters.kind.length,
  );

  return (
    <>
      <div className="page-title">
        <h1>{t('board.heading')}</h1>
        {canRecord && (
          <span className="page-actions">
            <Link className="button" href="/requests/new">
              {t('board.record')}
            </Link>
          </span>
        )}
      </div>
      <p className="muted">
        {t.rich('board.intro', {
          date: format(board.asOf),
          time: (chunks) => <time dateTime={board.asOf}>{chunks}</time>,
        })}{' '}
        {knownAtText(t, filters.knownAt, locale)}
      </p>
      <RequestFilterForm
        filters={filters}
        parties={parties.items}
        area={area ? { id: area.id, label: area.name } : null}
        organization={
          organization
            ? {
                id: organization.id,
                label: organization.acronym
                  ? `${organization.acronym} — ${organization.name}`
                  : organization.name,
              }
            : null
        }
        summary={summary}
      />

      <section aria-labelledby="board-title">
        <h2 id="board-title">
          {party ? t('board.titleParty', { party: party.name }) : t('board.title')}
        </h2>
        {board.items.length === 0 ? (
          <p className="empty" data-testid="board-empty">
            {filtered || filters.asOf || filters.knownAt
              ? t('board.emptyFiltered')
              : t('board.empty')}
          </p>
        ) : (
          <>
            <p data-testid="board-answer">
              {t('board.answer', {
                count: board.items.length,
                more: board.nextCursor ? 'yes' : 'no',
              })}{' '}
              {worst &&
                t('board.longest', {
                  party: worst.party.name,
                  days: worst.daysWaited ?? 0,
                  date: format(worst.waitingSince ?? worst.requestedOn),
                })}
            </p>
            <ConsentBoardTable
              items={board.items}
              locale={locale}
              view={view}
              mayRecord={(organizationId) =>
                user.role === 'COORDINATOR' ||
                user.role === 'ADMIN' ||
                (user.role === 'EDITOR' && user.organizations.some((o) => o.id === organizationId))
              }
            />
            {board.nextCursor && (
              <p>
                <Link href={requestsHref(filters, { boardCursor: board.nextCursor })}>
                  {t('board.more')}{' '}
                  <span className="flow" aria-hidden="true">
                    →
                  </span>
                </Link>
              </p>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="figures-title">
        <h2 id="figures-title">
          {t('figures.title', { from: format(period.from), to: format(period.to) })}
        </h2>
        <p className="muted small">{t('figures.explain')}</p>
        {figures.items.length === 0 ? (
          <p className="empty" data-testid="figures-empty">
            {t('figures.empty')}
          </p>
        ) : (
          <PartyFigures items={figures.items} locale={locale} />
        )}
      </section>

      <section aria-labelledby="list-title">
        <h2 id="list-title">{t('list.title')}</h2>
        {list.items.length === 0 ? (
          <p className="empty" data-testid="list-empty">
            {filtered || filters.state.length ? t('list.emptyFiltered') : t('list.empty')}
            {canRecord && (
              <>
                {' '}
                <Link href="/requests/new">{t('list.recordOne')}</Link>
              </>
            )}
          </p>
        ) : (
          <RequestList items={list.items} locale={locale} view={view} />
        )}
        {list.nextCursor && (
          <p>
            <Link href={requestsHref(filters, { cursor: list.nextCursor })}>
              {t('list.more')}{' '}
              <span className="flow" aria-hidden="true">
                →
              </span>
            </Link>
          </p>
        )}
      </section>
      {knownAtDay(filters.knownAt) && (
        <p className="muted small">
          <Link href={requestsHref({ ...filters, knownAt: undefined })}>{t('board.knownNow')}</Link>
        </p>
      )}
    </>
  );
}
