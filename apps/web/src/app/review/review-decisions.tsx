'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { NOTE_MAX_LENGTH } from '@access/contracts';
import { useTextLimits } from '@/components/text-limit';
import { send } from '@/lib/client-api';
import { useErrorText } from '@/lib/error-text';

export type Decision = 'validation' | 'return';
type ItemError = { text: string; field?: 'note' };

interface DecideOptions {
  /** the proposal row's id: the key of its note, error and busy state */
  id: string;
  /** the note field's id, focused when a note is needed */
  noteId: string;
  /** the version's path under /api, e.g. `/incidents/versions/{id}` */
  path: string;
  /** the proposal's ETag as the queue showed it: changed since, the API refuses (412) */
  etag: string;
  decision: Decision;
  /** said beside the note when sending back without one */
  noteNeeded: string;
  /** the confirmation shown at the top of the list */
  done: (decision: Decision) => string;
}

export interface ReviewDecisions {
  notes: Record<string, string>;
  setNote: (id: string, note: string) => void;
  errors: Record<string, ItemError>;
  busy: string | null;
  confirmations: { id: string; text: string }[];
  confirmationRef: RefObject<HTMLDivElement | null>;
  decide: (options: DecideOptions) => Promise<void>;
}

/**
 * A coordinator's decisions on one review list: validate a proposal, or send it back with a
 * note (needed); the API's refusal beside the item, each decision confirmed at the top.
 * One mechanism for every kind of proposal the review page lists.
 */
export function useReviewDecisions(csrfToken: string): ReviewDecisions {
  const { problemText } = useErrorText();
  const router = useRouter();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, ItemError>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmations, setConfirmations] = useState<{ id: string; text: string }[]>([]);
  const confirmationRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (confirmations.length > 0) confirmationRef.current?.focus();
  }, [confirmations]);

  async function decide({ id, noteId, path, etag, decision, noteNeeded, done }: DecideOptions) {
    const note = (notes[id] ?? '').trim();
    if (decision === 'return' && !note) {
      setErrors((current) => ({ ...current, [id]: { text: noteNeeded, field: 'note' } }));
      document.getElementById(noteId)?.focus();
      return;
    }
    setBusy(id);
    setErrors((current) => {
      const next = { ...current };
      delete next[id];
      return next;
    });
    const result = await send(
      'POST',
      `${path}/${decision}`,
      csrfToken,
      { note: note || null },
      { 'if-match': etag },
    );
    setBusy(null);
    if (result.ok) {
      setConfirmations((current) => [{ id, text: done(decision) }, ...current]);
      router.refresh();
      return;
    }
    const issue = (result.problem.details?.issues as { field: string }[] | undefined)?.[0];
    setErrors((current) => ({
      ...current,
      [id]:
        issue?.field === 'note'
          ? { text: noteNeeded, field: 'note' }
          : { text: problemText(result.problem) },
    }));
  }

  return {
    notes,
    setNote: (id, note) => setNotes((current) => ({ ...current, [id]: note })),
    errors,
    busy,
    confirmations,
    confirmationRef,
    decide,
  };
}

/** The decisions made on a list, at its top; focused as each one lands. */
export function DecisionConfirmations({ state, label }: { state: ReviewDecisions; label: string }) {
  if (state.confirmations.length === 0) return null;
  return (
    <div
      ref={state.confirmationRef}
      className="notice confirmation"
      role="status"
      tabIndex={-1}
      aria-label={label}
    >
      <ul style={{ margin: 0, paddingInlineStart: '1.1rem' }}>
        {state.confirmations.map((confirmation) => (
          <li key={confirmation.id}>{confirmation.text}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Below one proposal: the API's refusal, the note to the editor, Validate and Send back.
 * The note's field id is `{noteId}`; the buttons name the proposal for screen readers.
 */
export function DecisionActions({
  state,
  id,
  noteId,
  where,
  onDecide,
}: {
  state: ReviewDecisions;
  id: string;
  noteId: string;
  where: string;
  onDecide: (decision: Decision) => void;
}) {
  const tr = useTranslations('reviewList');
  const limits = useTextLimits();
  const error = state.errors[id];
  return (
    <>
      {error && !error.field && (
        <p className="alert" role="alert">
          {error.text}
        </p>
      )}
      <div className="card-actions">
        <div className="field wide">
          <label htmlFor={noteId}>{tr('note')}</label>
          <textarea
            id={noteId}
            rows={2}
            value={state.notes[id] ?? ''}
            aria-invalid={error?.field === 'note' ? true : undefined}
            aria-describedby={
              [error?.field === 'note' ? `${noteId}-error` : undefined, limits.describedBy(noteId)]
                .filter(Boolean)
                .join(' ') || undefined
            }
            onChange={(e) => state.setNote(id, e.target.value)}
            {...limits.limit(noteId, NOTE_MAX_LENGTH)}
          />
          {error?.field === 'note' && (
            <div id={`${noteId}-error`} className="field-error" role="alert">
              <span className="visually-hidden">{tr('error')}: </span>
              {error.text}
            </div>
          )}
          {limits.notice(noteId, tr('note'), NOTE_MAX_LENGTH)}
        </div>
        <button
          type="button"
          disabled={state.busy === id}
          onClick={() => onDecide('validation')}
          aria-label={`${tr('validate')}: ${where}`}
        >
          {tr('validate')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={state.busy === id}
          onClick={() => onDecide('return')}
          aria-label={`${tr('sendBack')}: ${where}`}
        >
          {tr('sendBack')}
        </button>
      </div>
    </>
  );
}
