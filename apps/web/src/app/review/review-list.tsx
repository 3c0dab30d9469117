'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import {
  NOTE_MAX_LENGTH,
  versionEtag,
  type TAccessStatusVersion,
  type TReviewQueueItem,
} from '@access/contracts';
import { useTextLimits } from '@/components/text-limit';
import { send } from '@/lib/client-api';
import { useErrorText } from '@/lib/error-text';
import { STATUS_STYLE } from '@/lib/status-style';

type Decision = 'validation' | 'return';

/** One side of the comparison: a status with its period, reason, terms and sources. */
function StatusSide({
  version,
  date,
}: {
  version: TAccessStatusVersion;
  date: (iso: string) => string;
}) {
  const style = STATUS_STYLE[version.status];
  const t = useTranslations('reviewList');
  const tc = useTranslations('codes');
  return (
    <>
      <p style={{ margin: '0 0 .3rem' }}>
        <strong>
          <span aria-hidden="true">{style.symbol}</span> {tc(`status.${version.status}`)}
        </strong>{' '}
        {version.validTo
          ? t.rich('fromUntil', {
              from: date(version.validFrom),
              to: date(version.validTo),
              start: (chunks) => <time dateTime={version.validFrom}>{chunks}</time>,
              end: (chunks) => <time dateTime={version.validTo ?? ''}>{chunks}</time>,
            })
          : t.rich('fromOn', {
              from: date(version.validFrom),
              start: (chunks) => <time dateTime={version.validFrom}>{chunks}</time>,
            })}
      </p>
      <p style={{ margin: '0 0 .3rem' }}>
        <span className="meta-line">{t('reason')} </span>
        <bdi>{version.reason}</bdi>
      </p>
      {version.correctionNote && (
        <p style={{ margin: '0 0 .3rem' }}>
          <span className="meta-line">{t('correctionNote')} </span>
          <bdi>{version.correctionNote}</bdi>
        </p>
      )}
      <div className="meta-line">
        {t('terms')}{' '}
        {version.terms.length === 0 ? (
          t('none')
        ) : (
          <ul>
            {version.terms.map((term, index) => (
              <li key={index}>
                {tc(`termType.${term.type}`)}
                {term.grantingParty ? ` ${t('by', { name: term.grantingParty.name })}` : ''}
                {term.legalReference ? ` (${term.legalReference})` : ''}
                {term.note ? `: ${term.note}` : ''}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="meta-line">
        {t('sources')}{' '}
        {version.sources.length === 0 ? (
          t('none')
        ) : (
          <ul>
            {version.sources.map((source, index) => (
              <li key={index}>
                {source.url ? (
                  <a href={source.url} rel="noreferrer noopener" target="_blank">
                    {source.title}
                  </a>
                ) : (
                  source.title
                )}
                {source.publisher ? `, ${source.publisher}` : ''}
                {source.publishedOn ? `, ${date(source.publishedOn)}` : ''}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

/**
 * The review queue: each proposal beside the validated status it would replace, with how long
 * it has waited; validate it, or send it back with a note. Each decision is confirmed at the top.
 */
export function ReviewList({
  items,
  csrfToken,
  locale,
}: {
  items: TReviewQueueItem[];
  csrfToken: string;
  locale: string;
}) {
  const t = useTranslations('reviewList');
  const tc = useTranslations('codes');
  const { problemText } = useErrorText();
  const router = useRouter();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, { text: string; field?: 'note' }>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmations, setConfirmations] = useState<{ id: string; text: string }[]>([]);
  const confirmationRef = useRef<HTMLDivElement>(null);
  const limits = useTextLimits();
  const formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const date = (iso: string) => formatter.format(new Date(`${iso}T00:00:00Z`));
  const today = new Date().toISOString().slice(0, 10);

  useEffect(() => {
    if (confirmations.length > 0) confirmationRef.current?.focus();
  }, [confirmations]);

  async function decide(item: TReviewQueueItem, decision: Decision) {
    const note = (notes[item.id] ?? '').trim();
    const where = t('where', {
      organization: item.organization.acronym ?? item.organization.name,
      area: item.area.name,
    });
    if (decision === 'return' && !note) {
      setErrors((current) => ({
        ...current,
        [item.id]: {
          text: t('noteNeeded'),
          field: 'note',
        },
      }));
      document.getElementById(`note-${item.id}`)?.focus();
      return;
    }
    setBusy(item.id);
    setErrors((current) => {
      const next = { ...current };
      delete next[item.id];
      return next;
    });
    // The decision applies only to the proposal as the queue showed it: if the editor changed it since, the API refuses (412).
    const result = await send(
      'POST',
      `/access-statuses/${item.id}/${decision}`,
      csrfToken,
      { note: note || null },
      { 'if-match': versionEtag(item) },
    );
    setBusy(null);
    if (result.ok) {
      setConfirmations((current) => [
        {
          id: item.id,
          text:
            decision === 'validation'
              ? t('validatedDone', {
                  where,
                  status: tc(`status.${item.status}`).toLocaleLowerCase(locale),
                  date: date(item.validFrom),
                })
              : t('sentBackDone', { name: item.recordedBy.displayName, where }),
        },
        ...current,
      ]);
      router.refresh();
      return;
    }
    const issue = (result.problem.details?.issues as { field: string }[] | undefined)?.[0];
    setErrors((current) => ({
      ...current,
      [item.id]: {
        text: issue?.field === 'note' ? t('noteNeeded') : problemText(result.problem),
        ...(issue?.field === 'note' ? { field: 'note' as const } : {}),
      },
    }));
  }

  return (
    <>
      {confirmations.length > 0 && (
        <div
          ref={confirmationRef}
          className="notice confirmation"
          role="status"
          tabIndex={-1}
          aria-label={t('decisions')}
        >
          <ul style={{ margin: 0, paddingInlineStart: '1.1rem' }}>
            {confirmations.map((confirmation) => (
              <li key={confirmation.id}>{confirmation.text}</li>
            ))}
          </ul>
        </div>
      )}
      {items.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <ul className="entry-cards" aria-label={t('listLabel')}>
          {items.map((item) => {
            const error = errors[item.id];
            const where = t('where', {
              organization: item.organization.acronym ?? item.organization.name,
              area: item.area.name,
            });
            return (
              <li key={item.id} className="entry-card">
                <h2>{where}</h2>
                <p className="meta-line" style={{ margin: '0 0 .4rem' }}>
                  <strong>{item.kind === 'CORRECTION' ? t('correction') : t('newStatus')}</strong>{' '}
                  {t('by', { name: item.recordedBy.displayName })} ·{' '}
                  {item.waitingDays === 0
                    ? t('waitingToday')
                    : t('waitingDays', { count: item.waitingDays })}
                  {item.validFrom > today && (
                    <>
                      {' · '}
                      <strong>
                        <span aria-hidden="true">⚠ </span>
                        {t('future')}
                      </strong>
                    </>
                  )}
                </p>
                <div className="compare">
                  <section aria-label={t('nowLabel', { where })}>
                    <h3 className="h4">{t('now')}</h3>
                    {item.current ? (
                      <StatusSide version={item.current} date={date} />
                    ) : (
                      <p className="meta-line">{t('noneValidated')}</p>
                    )}
                  </section>
                  <section className="proposed" aria-label={t('proposedLabel', { where })}>
                    <h3 className="h4">
                      <span className="flow" aria-hidden="true">
                        →{' '}
                      </span>
                      {t('proposed')}
                    </h3>
                    <StatusSide version={item} date={date} />
                  </section>
                </div>
                {error && !error.field && (
                  <p className="alert" role="alert">
                    {error.text}
                  </p>
                )}
                <div className="card-actions">
                  <div className="field wide">
                    <label htmlFor={`note-${item.id}`}>{t('note')}</label>
                    <textarea
                      id={`note-${item.id}`}
                      rows={2}
                      value={notes[item.id] ?? ''}
                      aria-invalid={error?.field === 'note' ? true : undefined}
                      aria-describedby={
                        [
                          error?.field === 'note' ? `note-${item.id}-error` : undefined,
                          limits.describedBy(`note-${item.id}`),
                        ]
                          .filter(Boolean)
                          .join(' ') || undefined
                      }
                      onChange={(e) =>
                        setNotes((current) => ({ ...current, [item.id]: e.target.value }))
                      }
                      {...limits.limit(`note-${item.id}`, NOTE_MAX_LENGTH)}
                    />
                    {error?.field === 'note' && (
                      <div id={`note-${item.id}-error`} className="field-error" role="alert">
                        <span className="visually-hidden">{t('error')}: </span>
                        {error.text}
                      </div>
                    )}
                    {limits.notice(`note-${item.id}`, t('note'), NOTE_MAX_LENGTH)}
                  </div>
                  <button
                    type="button"
                    disabled={busy === item.id}
                    onClick={() => decide(item, 'validation')}
                    aria-label={`${t('validate')}: ${where}`}
                  >
                    {t('validate')}
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy === item.id}
                    onClick={() => decide(item, 'return')}
                    aria-label={`${t('sendBack')}: ${where}`}
                  >
                    {t('sendBack')}
                  </button>
                </div>
                <p className="meta-line" style={{ margin: '.4rem 0 0' }}>
                  <Link
                    href={`/history?organizationId=${item.organization.id}&areaId=${item.area.id}`}
                  >
                    {t('historyOf', { where })}
                  </Link>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
