import type { Metadata } from 'next';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import type { TProposal } from '@access/contracts';
import { StatusBadge } from '@/components/charts/status-patterns';
import { MyIncidentEntries } from '@/components/my-incident-entries';
import { ReviewBadge } from '@/components/review-badge';
import { api, requireUser } from '@/lib/api';
import { formatDate, formatDateTime, userLocale } from '@/lib/format';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('myEntries'))('title') };
}

/** What an entry in each state needs from its editor. */
function NextAction({ entry }: { entry: TProposal }) {
  const t = useTranslations('myEntries');
  const where = t('where', {
    organization: entry.organization.acronym ?? entry.organization.name,
    area: entry.area.name,
  });
  switch (entry.state) {
    case 'RETURNED':
      return (
        <Link
          className="button"
          href={`/entries/${entry.id}/correct`}
          aria-label={`${t('correctResubmit')}: ${where}`}
        >
          {t('correctResubmit')}
        </Link>
      );
    case 'DRAFT':
      return (
        <Link
          className="button"
          href={`/entries/${entry.id}/correct`}
          aria-label={`${t('finish')}: ${where}`}
        >
          {t('finish')}
        </Link>
      );
    case 'SUBMITTED':
      return (
        <>
          <span className="meta-line">{t('nothingToDo')}</span>
          <Link
            className="button secondary"
            href={`/entries/${entry.id}/correct`}
            aria-label={`${t('changeBefore')}: ${where}`}
          >
            {t('changeBefore')}
          </Link>
        </>
      );
    default:
      return (
        <Link
          className="button secondary"
          href={`/history?organizationId=${entry.organization.id}&areaId=${entry.area.id}${entry.validatedVersionId ? `&version=${entry.validatedVersionId}#v-${entry.validatedVersionId}` : ''}`}
          aria-label={t('historyOf', { where })}
        >
          {t('seeHistory')}
        </Link>
      );
  }
}

/**
 * The editor's own entries, as proposals: returned ones first (they need the editor), with the
 * coordinator's note and the action each needs; then drafts, entries waiting for review, and
 * validated ones.
 */
export default async function MyEntriesPage() {
  const user = await requireUser();
  const [entries, incidents, locale] = await Promise.all([
    api.myEntries(),
    api.myIncidentEntries(),
    userLocale(),
  ]);
  const t = await getTranslations('myEntries');
  const returned = entries.items.filter((entry) => entry.state === 'RETURNED').length;
  const organisations =
    user.organizations
      .map((organization) => organization.acronym ?? organization.name)
      .join(', ') || t('yourOrganization');
  return (
    <>
      <div className="page-title">
        <h1>{t('title')}</h1>
        <span className="page-actions">
          <Link className="button" href="/entries/new">
            {t('record')}
          </Link>
        </span>
      </div>
      <p className="muted">{t('intro', { organizations: organisations })}</p>
      {returned > 0 && (
        <p className="notice" role="status">
          <strong>{t('returnedCount', { count: returned })}</strong>{' '}
          {t('returnedWhy', { count: returned })}
        </p>
      )}
      {entries.items.length === 0 ? (
        <p className="empty">
          {t.rich('empty', { link: (chunks) => <Link href="/entries/new">{chunks}</Link> })}
        </p>
      ) : (
        <ul className="entry-cards" aria-label={t('title')}>
          {entries.items.map((entry) => (
            <li key={entry.id} className="entry-card" data-state={entry.state}>
              <h2>
                {t('where', {
                  organization: entry.organization.acronym ?? entry.organization.name,
                  area: entry.area.name,
                })}
              </h2>
              <p style={{ margin: '0 0 .4rem' }}>
                <ReviewBadge state={entry.state} />{' '}
                <span className="meta-line">
                  {entry.kind === 'CORRECTION' ? t('correction') : t('newStatus')}
                  {' · '}
                  {entry.submittedAt && entry.state !== 'DRAFT'
                    ? t('submitted', { date: formatDateTime(entry.submittedAt, locale) })
                    : t('saved', { date: formatDateTime(entry.recordedAt, locale) })}
                </span>
              </p>
              {entry.state === 'RETURNED' && entry.returnNote && (
                <div className="alert">
                  <strong>{t('note')}</strong> {entry.returnNote}
                </div>
              )}
              <p style={{ margin: '.2rem 0' }}>
                <StatusBadge status={entry.status} />{' '}
                {entry.validTo
                  ? t.rich('fromUntil', {
                      from: formatDate(entry.validFrom, locale),
                      to: formatDate(entry.validTo, locale),
                      start: (chunks) => <time dateTime={entry.validFrom}>{chunks}</time>,
                      end: (chunks) => <time dateTime={entry.validTo ?? ''}>{chunks}</time>,
                    })
                  : t.rich('from', {
                      from: formatDate(entry.validFrom, locale),
                      start: (chunks) => <time dateTime={entry.validFrom}>{chunks}</time>,
                    })}
              </p>
              <p className="meta-line" style={{ margin: '.2rem 0' }}>
                {entry.reason}
              </p>
              <div className="card-actions">
                <NextAction entry={entry} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {entries.truncated && <p className="muted">{t('truncated')}</p>}
      <MyIncidentEntries entries={incidents} locale={locale} />
    </>
  );
}
