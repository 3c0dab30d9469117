import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { cache } from 'react';
import { ApiError, api, orNotFound, requireUser } from '@/lib/api';
import { parseFilters, type SearchParams } from '@/lib/filters';
import { ExportLinks } from '@/components/export-link';
import { formatDate, formatDateTime, userLocale } from '@/lib/format';
import { StatusBadge } from '@/components/charts/status-patterns';
import { SearchCombobox } from '@/components/search-combobox';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  const t = await getTranslations('history');
  if (!organizationId || !areaId) return { title: t('titleChoose') };
  const [organization, area] = await Promise.all([
    organizationOf(organizationId).catch(() => null),
    areaOf(areaId).catch(() => null),
  ]);
  return {
    title:
      organization && area
        ? t('titleOf', { organization: organization.acronym ?? organization.name, area: area.name })
        : t('title'),
  };
}

/** /history without a pair: choose one, by any name. */
async function ChoosePair({
  organization,
  area,
}: {
  organization: { id: string; label: string } | null;
  area: { id: string; label: string } | null;
}) {
  const t = await getTranslations('history');
  const tf = await getTranslations('filters');
  return (
    <>
      <h1>{t('chooseTitle')}</h1>
      <p>{t('chooseIntro')}</p>
      <form className="filters panel" method="get" action="/history" aria-label={t('chooseLabel')}>
        <SearchCombobox
          name="organizationId"
          label={tf('organization')}
          kind="organizations"
          emptyLabel={t('chooseOrganization')}
          hint={tf('organizationHint')}
          selected={organization}
        />
        <SearchCombobox
          name="areaId"
          label={t('area')}
          kind="areas"
          emptyLabel={t('chooseArea')}
          selected={area}
        />
        <div className="actions">
          <button type="submit">{t('show')}</button>
        </div>
      </form>
    </>
  );
}

/** CLOSE appears only in entries recorded before period ends were derived: recording the next status then closed the open period with a version of its own. */

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
  const t = await getTranslations('history');
  const tc = await getTranslations('codes');
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
  const cursor = typeof params.cursor === 'string' && params.cursor ? params.cursor : undefined;
  // a link to one version (…&version=<id>#v-<id>) opens the page that holds it
  const version =
    !cursor && typeof params.version === 'string' && UUID.test(params.version)
      ? params.version
      : undefined;
  const pairHref = `/history?${new URLSearchParams({ organizationId, areaId, ...(knownOn ? { knownOn } : {}) })}`;
  const [organization, area, history] = await Promise.all([
    organizationOf(organizationId),
    areaOf(areaId),
    orNotFound(
      api.history(organizationId, areaId, { cursor, version }).catch((error) => {
        // a cursor this history no longer gives out (edited, or from another pair): its latest page
        if (cursor && error instanceof ApiError && error.status === 400) redirect(pairHref);
        throw error;
      }),
    ),
  ]);
  // a long history comes a page at a time, the latest first
  const onPage = new Set(history.items.map((item) => item.id));
  // an earlier page (a cursor, or a version's page that is not the latest: its versions
  // were superseded, or later ones exist)
  const earlierPage =
    Boolean(cursor) || (version !== undefined && onPage.has(version) && !history.latestPage);
  const pageLinks = (history.nextCursor || earlierPage) && (
    <p>
      {history.nextCursor && (
        <Link href={`${pairHref}&cursor=${encodeURIComponent(history.nextCursor)}`}>
          {t('earlier')}
        </Link>
      )}
      {history.nextCursor && earlierPage && ' · '}
      {earlierPage && <Link href={pairHref}>{t('latestPage')}</Link>}
    </p>
  );
  /** a link to a version: on this page its row, else the page that holds it */
  const versionHref = (id: string) =>
    onPage.has(id) ? `#v-${id}` : `${pairHref}&version=${id}#v-${id}`;
  return (
    <>
      <h1>
        {t.rich('heading', {
          organization: (chunks) => (
            <Link href={`/organizations/${organization.id}`}>{chunks}</Link>
          ),
          area: (chunks) => <Link href={`/areas/${area.id}`}>{chunks}</Link>,
          organizationName: organization.name,
          areaName: area.name,
        })}
      </h1>
      <ExportLinks
        filters={parseFilters({ organizationId, areaId })}
        history={{ organizationId, areaId }}
      />
      <p className="muted">
        {t('intro')}
        {history.items.some((version) => version.changeKind === 'CLOSE') && (
          <> {t('introClose', { close: t('kind.CLOSE') })}</>
        )}
      </p>
      {history.nextCursor && !earlierPage && (
        <p className="muted">{t('pageOf', { count: history.items.length })}</p>
      )}
      {pageLinks && <nav aria-label={t('pagesLabel')}>{pageLinks}</nav>}
      {history.items.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        // a scrolling region takes the focus, so the keyboard can scroll it (WCAG 2.1.1)
        // at phone width each version is a card of labelled lines (nine columns do not fit)
        <section
          className="table-scroll panel cards-on-phone"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
          tabIndex={0}
          aria-label={t('tableLabel')}
        >
          <table>
            <thead>
              <tr>
                <th scope="col">{t('recorded')}</th>
                <th scope="col">{t('by')}</th>
                <th scope="col">{t('change')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('valid')}</th>
                <th scope="col">{t('why')}</th>
                <th scope="col">{t('termsSources')}</th>
                <th scope="col">{t('review')}</th>
                <th scope="col">{t('latest')}</th>
              </tr>
            </thead>
            <tbody>
              {history.items.map((version) => (
                <tr key={version.id} id={`v-${version.id}`}>
                  <td data-label={t('recorded')}>
                    <time dateTime={version.recordedAt}>
                      {formatDateTime(version.recordedAt, locale)}
                    </time>
                  </td>
                  <td data-label={t('by')}>
                    {version.recordedBy.displayName}
                    {knownOn && version.recordedAt.slice(0, 10) > knownOn && (
                      <div className="muted">
                        {t('recordedAfter', { date: formatDate(knownOn, locale) })}
                      </div>
                    )}
                  </td>
                  <td data-label={t('change')}>{t(`kind.${version.changeKind}`)}</td>
                  <td data-label={t('status')}>
                    <StatusBadge status={version.status} />
                  </td>
                  <td data-label={t('valid')}>
                    <time dateTime={version.validFrom}>
                      {formatDate(version.validFrom, locale)}
                    </time>{' '}
                    –{' '}
                    {version.validTo ? (
                      <time dateTime={version.validTo}>{formatDate(version.validTo, locale)}</time>
                    ) : (
                      // the compact symbol for the eye, words for a screen reader
                      <>
                        <span aria-hidden="true">…</span>
                        <span className="visually-hidden">{t('openEnded')}</span>
                      </>
                    )}
                  </td>
                  <td data-label={t('why')}>
                    <bdi>{version.reason}</bdi>
                  </td>
                  <td data-label={t('termsSources')}>
                    {/* one block: a card's line holds its label and one value */}
                    <div>
                      {version.terms.map((term, index) => (
                        <div key={index}>
                          {tc(`termType.${term.type}`)}
                          {term.grantingParty ? (
                            <>
                              {' '}
                              {/* the brackets inside the isolate: wrapped in Arabic they
                                  stayed on the line's ends, facing the wrong way */}
                              <bdi>({term.grantingParty.name})</bdi>
                            </>
                          ) : (
                            ''
                          )}
                        </div>
                      ))}
                      {version.sources.map((source, index) => (
                        <div key={`s${index}`} className="muted" dir="auto">
                          {source.url ? (
                            <a href={source.url} rel="noopener noreferrer nofollow">
                              {source.title}
                            </a>
                          ) : (
                            source.title
                          )}
                        </div>
                      ))}
                    </div>
                  </td>
                  <td data-label={t('review')}>
                    {tc(`reviewState.${version.reviewState}`)}
                    {version.reviewNote ? `: ${version.reviewNote}` : ''}
                  </td>
                  <td data-label={t('latest')}>
                    {version.supersededById ? (
                      <a href={versionHref(version.supersededById)}>{t('superseded')}</a>
                    ) : (
                      t('yes')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {pageLinks}
    </>
  );
}
