'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import {
  TERM_TYPE_LABELS,
  versionEtag,
  type TAccessStatusVersion,
  type TReviewQueueItem,
} from '@access/contracts';
import { send } from '@/lib/client-api';
import { problemText } from '@/lib/error-text';
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
  return (
    <>
      <p style={{ margin: '0 0 .3rem' }}>
        <strong>
          <span aria-hidden="true">{style.symbol}</span> {style.label}
        </strong>{' '}
        from <time dateTime={version.validFrom}>{date(version.validFrom)}</time>
        {version.validTo ? (
          <>
            {' '}
            until <time dateTime={version.validTo}>{date(version.validTo)}</time>
          </>
        ) : (
          ' on'
        )}
      </p>
      <p style={{ margin: '0 0 .3rem' }}>
        <span className="meta-line">Reason: </span>
        {version.reason}
      </p>
      {version.correctionNote && (
        <p style={{ margin: '0 0 .3rem' }}>
          <span className="meta-line">Correction note: </span>
          {version.correctionNote}
        </p>
      )}
      <div className="meta-line">
        Terms:{' '}
        {version.terms.length === 0 ? (
          'none'
        ) : (
          <ul>
            {version.terms.map((term, index) => (
              <li key={index}>
                {TERM_TYPE_LABELS[term.type]}
                {term.grantingParty ? ` by ${term.grantingParty.name}` : ''}
                {term.legalReference ? ` (${term.legalReference})` : ''}
                {term.note ? `: ${term.note}` : ''}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="meta-line">
        Sources:{' '}
        {version.sources.length === 0 ? (
          'none'
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
  const router = useRouter();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, { text: string; field?: 'note' }>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmations, setConfirmations] = useState<{ id: string; text: string }[]>([]);
  const confirmationRef = useRef<HTMLDivElement>(null);
  const formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const date = (iso: string) => formatter.format(new Date(`${iso}T00:00:00Z`));
  const today = new Date().toISOString().slice(0, 10);

  useEffect(() => {
    if (confirmations.length > 0) confirmationRef.current?.focus();
  }, [confirmations]);

  async function decide(item: TReviewQueueItem, decision: Decision) {
    const note = (notes[item.id] ?? '').trim();
    const where = `${item.organization.acronym ?? item.organization.name} in ${item.area.name}`;
    if (decision === 'return' && !note) {
      setErrors((current) => ({
        ...current,
        [item.id]: {
          text: 'Write a note to the editor saying what to change: it is needed to send an entry back.',
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
      const style = STATUS_STYLE[item.status];
      setConfirmations((current) => [
        {
          id: item.id,
          text:
            decision === 'validation'
              ? `Validated: ${where} is ${style.label.toLowerCase()} from ${date(item.validFrom)}. It is part of the validated picture now.`
              : `Sent back to ${item.recordedBy.displayName}: ${where}, with your note. It appears first in their “My entries”.`,
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
        text:
          issue?.field === 'note'
            ? 'Write a note to the editor saying what to change: it is needed to send an entry back.'
            : problemText(result.problem),
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
          aria-label="Decisions made"
        >
          <ul style={{ margin: 0, paddingInlineStart: '1.1rem' }}>
            {confirmations.map((confirmation) => (
              <li key={confirmation.id}>{confirmation.text}</li>
            ))}
          </ul>
        </div>
      )}
      {items.length === 0 ? (
        <p className="empty">Nothing waits for review.</p>
      ) : (
        <ul className="entry-cards" aria-label="Entries waiting for review">
          {items.map((item) => {
            const error = errors[item.id];
            const where = `${item.organization.acronym ?? item.organization.name} in ${item.area.name}`;
            return (
              <li key={item.id} className="entry-card">
                <h2>
                  {item.organization.acronym ?? item.organization.name} in {item.area.name}
                </h2>
                <p className="meta-line" style={{ margin: '0 0 .4rem' }}>
                  <strong>{item.kind === 'CORRECTION' ? 'Correction' : 'New status'}</strong> by{' '}
                  {item.recordedBy.displayName} · waiting{' '}
                  {item.waitingDays === 0
                    ? 'since today'
                    : `${item.waitingDays} ${item.waitingDays === 1 ? 'day' : 'days'}`}
                  {item.validFrom > today && (
                    <>
                      {' · '}
                      <strong>
                        <span aria-hidden="true">⚠ </span>starts in the future
                      </strong>
                    </>
                  )}
                </p>
                <div className="compare">
                  <section aria-label={`Now validated: ${where}`}>
                    <h3 className="h4">Now (validated)</h3>
                    {item.current ? (
                      <StatusSide version={item.current} date={date} />
                    ) : (
                      <p className="meta-line">No validated status here on that day yet.</p>
                    )}
                  </section>
                  <section className="proposed" aria-label={`Proposed: ${where}`}>
                    <h3 className="h4">
                      <span aria-hidden="true">→ </span>Proposed
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
                    <label htmlFor={`note-${item.id}`}>
                      Note to the editor (needed to send back)
                    </label>
                    <textarea
                      id={`note-${item.id}`}
                      rows={2}
                      value={notes[item.id] ?? ''}
                      aria-invalid={error?.field === 'note' ? true : undefined}
                      aria-describedby={
                        error?.field === 'note' ? `note-${item.id}-error` : undefined
                      }
                      onChange={(e) =>
                        setNotes((current) => ({ ...current, [item.id]: e.target.value }))
                      }
                    />
                    {error?.field === 'note' && (
                      <div id={`note-${item.id}-error`} className="field-error" role="alert">
                        <span className="visually-hidden">Error: </span>
                        {error.text}
                      </div>
                    )}
                  </div>
                  <button
                    type="button"
                    disabled={busy === item.id}
                    onClick={() => decide(item, 'validation')}
                    aria-label={`Validate: ${where}`}
                  >
                    Validate
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy === item.id}
                    onClick={() => decide(item, 'return')}
                    aria-label={`Send back: ${where}`}
                  >
                    Send back
                  </button>
                </div>
                <p className="meta-line" style={{ margin: '.4rem 0 0' }}>
                  <Link
                    href={`/history?organizationId=${item.organization.id}&areaId=${item.area.id}`}
                  >
                    History of {where}
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
