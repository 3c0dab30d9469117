'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import type { TAreaShapeImportResult } from '@access/contracts';
import { send } from '@/lib/client-api';
import { MAP_TEXT } from './map-text';

type Outcome =
  | { kind: 'done'; result: TAreaShapeImportResult }
  | { kind: 'error'; message: string; issues: string[] };

/** An administrator's GeoJSON import; the map redraws from the server once it is stored. */
export function ShapeImportForm({ csrfToken }: { csrfToken: string }) {
  const router = useRouter();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) return;
    setBusy(true);
    setOutcome(null);
    let collection: unknown;
    try {
      collection = JSON.parse(await file.text());
    } catch {
      setBusy(false);
      setOutcome({ kind: 'error', message: MAP_TEXT.importUnreadable, issues: [] });
      return;
    }
    const query = new URLSearchParams({ source: String(form.get('source') ?? '') });
    const property = String(form.get('pcodeProperty') ?? '').trim();
    if (property) query.set('pcodeProperty', property);
    const answer = await send<TAreaShapeImportResult>(
      'POST',
      `/areas/shapes?${query}`,
      csrfToken,
      collection,
    );
    setBusy(false);
    if (answer.ok) {
      setOutcome({ kind: 'done', result: answer.data });
      router.refresh();
    } else {
      setOutcome({
        kind: 'error',
        message: answer.problem.message,
        issues: Object.entries(answer.problem.fields).map(
          ([field, message]) => `${field}: ${message}`,
        ),
      });
    }
  }

  return (
    <form className="shape-import" onSubmit={submit} aria-describedby={`${id}-help`}>
      <p id={`${id}-help`} className="muted small">
        {MAP_TEXT.importHelp}
      </p>
      <div className="field">
        <label htmlFor={`${id}-file`}>{MAP_TEXT.importFile}</label>
        <input
          id={`${id}-file`}
          name="file"
          type="file"
          accept=".geojson,.json,application/geo+json,application/json"
          required
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-source`}>{MAP_TEXT.importSource}</label>
        <input
          id={`${id}-source`}
          name="source"
          required
          maxLength={300}
          placeholder={MAP_TEXT.importSourceHint}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-property`}>{MAP_TEXT.importProperty}</label>
        <input
          id={`${id}-property`}
          name="pcodeProperty"
          maxLength={64}
          placeholder={MAP_TEXT.importPropertyHint}
        />
      </div>
      <button type="submit" className="button" disabled={busy}>
        {busy ? MAP_TEXT.importing : MAP_TEXT.importSubmit}
      </button>
      <div role="status" aria-live="polite">
        {outcome?.kind === 'done' && (
          <p className="notice" data-testid="shape-import-result">
            {MAP_TEXT.imported_(outcome.result.imported.length, outcome.result.unmatchedCount)}
          </p>
        )}
      </div>
      {outcome?.kind === 'error' && (
        <div className="alert" role="alert">
          <p>{outcome.message}</p>
          {outcome.issues.length > 1 && (
            <ul>
              {outcome.issues.map((issue) => (
                <li key={issue}>{issue}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
