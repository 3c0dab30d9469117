import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { StatusBadge } from '@/components/charts/status-patterns';
import { ReviewBadge } from '@/components/review-badge';
import { api, orNotFound, requireUser } from '@/lib/api';
import { formatDate, userLocale } from '@/lib/format';
import { SavedConfirmation } from '@/components/saved-confirmation';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('savedPage'))('saved') };
}

/** After a status is recorded or corrected: what was saved, and what happens next. */
export default async function SavedPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/entries/${encodeURIComponent(id)}/saved`);
  const [version, locale] = await Promise.all([orNotFound(api.status(id)), userLocale()]);
  const today = new Date().toISOString().slice(0, 10);
  const pair = `organizationId=${version.organization.id}&areaId=${version.area.id}`;
  const t = await getTranslations('savedPage');
  const names = {
    organization: version.organization.acronym ?? version.organization.name,
    area: version.area.name,
  };
  const heading =
    version.reviewState === 'SUBMITTED'
      ? t('submitted')
      : version.reviewState === 'DRAFT'
        ? t('draft')
        : version.reviewState === 'VALIDATED'
          ? t('validated')
          : t('saved');
  const myEntries = (chunks: React.ReactNode) => <Link href="/my-entries">{chunks}</Link>;
  return (
    <>
      <SavedConfirmation>
        <h1>{heading}</h1>
        <p>
          {t.rich('where', {
            ...names,
            strong: (chunks) => <strong>{chunks}</strong>,
          })}
          : <StatusBadge status={version.status} />{' '}
          {version.validTo
            ? t.rich('fromUntil', {
                from: formatDate(version.validFrom, locale),
                to: formatDate(version.validTo, locale),
                start: (chunks) => <time dateTime={version.validFrom}>{chunks}</time>,
                end: (chunks) => <time dateTime={version.validTo ?? ''}>{chunks}</time>,
              })
            : t.rich('from', {
                from: formatDate(version.validFrom, locale),
                start: (chunks) => <time dateTime={version.validFrom}>{chunks}</time>,
              })}
          . <ReviewBadge state={version.reviewState} />
        </p>
      </SavedConfirmation>
      <h2>{t('next')}</h2>
      {version.reviewState === 'SUBMITTED' && <p>{t.rich('nextSubmitted', { link: myEntries })}</p>}
      {version.reviewState === 'DRAFT' && <p>{t.rich('nextDraft', { link: myEntries })}</p>}
      {version.reviewState === 'VALIDATED' && <p>{t('nextValidated')}</p>}
      {version.validFrom > today && (
        <p className="notice">
          <span aria-hidden="true">⚠ </span>
          {t('future', { date: formatDate(version.validFrom, locale) })}
        </p>
      )}
      <ul className="next-steps">
        {user.role === 'EDITOR' && (
          <li>
            <Link href="/my-entries">{t('myEntries')}</Link>
          </li>
        )}
        <li>
          <Link href={`/entries/new?${pair}`}>{t('recordHere')}</Link>
        </li>
        <li>
          <Link href="/entries/new">{t('recordElsewhere')}</Link>
        </li>
        <li>
          <Link href={`/history?${pair}&version=${version.id}#v-${version.id}`}>
            {t('historyOf', names)}
          </Link>
        </li>
      </ul>
    </>
  );
}
