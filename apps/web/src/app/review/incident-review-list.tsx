'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import {
  versionEtag,
  type TIncidentVersion,
  type ZIncidentReviewQueueItem,
} from '@access/contracts';
import { send } from '@/lib/client-api';
import { useErrorText } from '@/lib/error-text';
import { incidentLabels } from '@/lib/incident-text';

type Item = z.infer<typeof ZIncidentReviewQueueItem>;
type Decision = 'validation' | 'return';

/** One side of the comparison: what an incident version says, briefly. */
function IncidentSide({
  version,
  date,
}: {
  version: TIncidentVersion;
  date: (iso: string) => string;
}) {
  const t = useTranslations('incidentReview');
  const tc = useTranslations('codes');
  const labels = incidentLabels(tc);
  return (
    <>
      <p style={{ margin: '0 0 .3rem' }}>
        <strong>
          {version.category}. {labels.subType(version.category, version.subType)}
        </strong>{' '}
        {t.rich(version.occurredTime ? 'onAt' : 'on', {
          date: date(version.occurredOn),
          time: version.occurredTime ?? '',
          area: version.area.name,
          day: (chunks) => <time dateTime={version.occurredOn}>{chunks}</time>,
        })}
      </p>
      <p className="meta-line" style={{ margin: '0 0 .3rem' }}>
        {labels.category(version.category)}
      </p>
      <p style={{ margin: '0 0 .3rem' }} className="prewrap">
        {version.description}
      </p>
      <div className="meta-line">
        {t('facts', {
          impact: version.impacts.map(labels.impact).join('; ') || t('noneRecorded'),
          people: version.peopleAffected ?? t('notKnown'),
          sensitivity: tc(`sensitivity.${version.sensitivity}`),
        })}
      </div>
      {version.correctionNote && (
        <div className="meta-line">{t('correctionNote', { note: version.correctionNote })}</div>
      )}
    </>
  );
}

/**
 * Incident proposals waiting for a coordinator, as the status review list shows statuses:
 * each beside the validated version it would replace; validate it, or send it back with a
 * note. Each decision is confirmed at the top of the list.
 */
export function IncidentReviewList({
  items,
  csrfToken,
  locale,
}: {
  items: Item[];
  csrfToken: string;
  locale: string;
}) {
  const t = useTranslations('incidentReview');
  const tr = useTranslations('reviewList');
  const { problemText } = useErrorText();
  const labels = incidentLabels(useTranslations('codes'));
  const NOTE_NEEDED = t('noteNeeded');
  const router = useRouter();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, { text: string; field?: 'note' }>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmations, setConfirmations] = useState<{ id: string; text: string }[]>([]);
  const confirmationRef = useRef<HTMLDivElement>(null);
  const formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const date = (iso: string) => formatter.format(new Date(`${iso}T00:00:00Z`));

  useEffect(() => {
    if (confirmations.length > 0) confirmationRef.current?.focus();
  }, [confirmations]);

  async function decide(item: Item, decision: Decision) {
    const note = (notes[item.id] ?? '').trim();
    const what = t('what', {
      organization: item.organization.acronym ?? item.organization.name,
      date: date(item.occurredOn),
      area: item.area.name,
    });
    if (decision === 'return' && !note) {
      setErrors((current) => ({ ...current, [item.id]: { text: NOTE_NEEDED, field: 'note' } }));
      document.getElementById(`incident-note-${item.id}`)?.focus();
      return;
    }
    setBusy(item.id);
    setErrors((current) => {
      const next = { ...current };
      delete next[item.id];
      return next;
    });
    // only the proposal as the queue showed it: if the editor changed it since, the API refuses (412)
    const result = await send(
      'POST',
      `/incidents/versions/${item.id}/${decision}`,
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
              ? t('validatedDone', { what })
              : t('sentBackDone', { name: item.recordedBy.displayName, what }),
        },
        ...current,
      ]);
      router.refresh();
      return;
    }
    const issue = (result.problem.details?.issues as { field: string }[] | undefined)?.[0];
    setErrors((current) => ({
      ...current,
      [item.id]:
        issue?.field === 'note'
          ? { text: NOTE_NEEDED, field: 'note' }
          : { text: problemText(result.problem) },
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
            const who = item.organization.acronym ?? item.organization.name;
            const where = t('what', {
              organization: who,
              date: date(item.occurredOn),
              area: item.area.name,
            });
            return (
              <li key={item.id} className="entry-card" data-incident-version={item.id}>
                <h3>
                  {t('heading', {
                    organization: who,
                    what: labels.subType(item.category, item.subType),
                    area: item.area.name,
                  })}
                </h3>
                <p className="meta-line" style={{ margin: '0 0 .4rem' }}>
                  <strong>
                    {item.kind === 'CORRECTION' ? tr('correction') : t('newIncident')}
                  </strong>{' '}
                  {tr('by', { name: item.recordedBy.displayName })} ·{' '}
                  {item.waitingDays === 0
                    ? tr('waitingToday')
                    : tr('waitingDays', { count: item.waitingDays })}
                </p>
                <div className="compare">
                  {item.current && (
                    <section aria-label={tr('nowLabel', { where })}>
                      <h4>{tr('now')}</h4>
                      <IncidentSide version={item.current} date={date} />
                    </section>
                  )}
                  <section className="proposed" aria-label={tr('proposedLabel', { where })}>
                    <h4>
                      <span aria-hidden="true">→ </span>
                      {tr('proposed')}
                    </h4>
                    <IncidentSide version={item} date={date} />
                  </section>
                </div>
                {error && !error.field && (
                  <p className="alert" role="alert">
                    {error.text}
                  </p>
                )}
                <div className="card-actions">
                  <div className="field wide">
                    <label htmlFor={`incident-note-${item.id}`}>{tr('note')}</label>
                    <textarea
                      id={`incident-note-${item.id}`}
                      rows={2}
                      value={notes[item.id] ?? ''}
                      aria-invalid={error?.field === 'note' ? true : undefined}
                      aria-describedby={
                        error?.field === 'note' ? `incident-note-${item.id}-error` : undefined
                      }
                      onChange={(e) =>
                        setNotes((current) => ({ ...current, [item.id]: e.target.value }))
                      }
                    />
                    {error?.field === 'note' && (
                      <div
                        id={`incident-note-${item.id}-error`}
                        className="field-error"
                        role="alert"
                      >
                        <span className="visually-hidden">{tr('error')}: </span>
                        {error.text}
                      </div>
                    )}
                  </div>
                  <button
                    type="button"
                    disabled={busy === item.id}
                    onClick={() => decide(item, 'validation')}
                    aria-label={`${tr('validate')}: ${where}`}
                  >
                    {tr('validate')}
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy === item.id}
                    onClick={() => decide(item, 'return')}
                    aria-label={`${tr('sendBack')}: ${where}`}
                  >
                    {tr('sendBack')}
                  </button>
                </div>
                <p className="meta-line" style={{ margin: '.4rem 0 0' }}>
                  <Link href={`/incidents/${item.incidentId}`}>{t('history')}</Link>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
