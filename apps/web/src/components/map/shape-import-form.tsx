'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import {
  NAME_MAX_LENGTH,
  PCODE_PROPERTY_MAX_LENGTH,
  type TAreaShapeImportResult,
} from '@access/contracts';
import { send } from '@/lib/client-api';
import { useTranslations } from 'next-intl';
import { mapText } from './map-text';
import { ReadyFieldset } from '../ready-fieldset';
import { useTextLimits } from '../text-limit';

type Outcome =
  | { kind: 'done'; result: TAreaShapeImportResult }
  | { kind: 'error'; message: string; issues: string[] };

/** An administrator's GeoJSON import; the map redraws from the server once it is stored. */
export function ShapeImportForm({ csrfToken }: { csrfToken: string }) {
  const text = mapText(useTranslations('map'));
  const router = useRouter();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const limits = useTextLimits();

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
      setOutcome({ kind: 'error', message: text.importUnreadable, issues: [] });
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
      // said in the page's language; each problem's line is the API's (field and reason)
      const { code, status } = answer.problem;
      setOutcome({
        kind: 'error',
        message:
          code === 'VALIDATION_FAILED'
            ? text.importRefused
            : code === 'NETWORK'
              ? text.importOffline
              : text.importFailed(status),
        issues: Object.entries(answer.problem.fields).map(
          ([field, message]) => `${field}: ${message}`,
        ),
      });
    }
  }

  return (
    <form className="shape-import" onSubmit={submit} aria-describedby={`${id}-help`}>
      <ReadyFieldset>
        <p id={`${id}-help`} className="muted small">
          {text.importHelp}
        </p>
        <div className="field">
          <label htmlFor={`${id}-file`}>{text.importFile}</label>
          <input
            id={`${id}-file`}
            name="file"
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
            required
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-source`}>{text.importSource}</label>
          <input
            id={`${id}-source`}
            name="source"
            required
            placeholder={text.importSourceHint}
            aria-describedby={limits.describedBy(`${id}-source`)}
            {...limits.limit(`${id}-source`, NAME_MAX_LENGTH)}
          />
          {limits.notice(`${id}-source`, text.importSource, NAME_MAX_LENGTH)}
        </div>
        <div className="field">
          <label htmlFor={`${id}-property`}>{text.importProperty}</label>
          <input
            id={`${id}-property`}
            name="pcodeProperty"
            placeholder={text.importPropertyHint}
            aria-describedby={limits.describedBy(`${id}-property`)}
            {...limits.limit(`${id}-property`, PCODE_PROPERTY_MAX_LENGTH)}
          />
          {limits.notice(`${id}-property`, text.importProperty, PCODE_PROPERTY_MAX_LENGTH)}
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? text.importing : text.importSubmit}
        </button>
        <div role="status" aria-live="polite">
          {outcome?.kind === 'done' && (
            <p className="notice" data-testid="shape-import-result">
              {text.imported_(outcome.result.imported.length, outcome.result.unmatchedCount)}
            </p>
          )}
        </div>
        {outcome?.kind === 'error' && (
          <div className="alert" role="alert">
            <p>{outcome.message}</p>
            {outcome.issues.length > 0 && (
              <ul>
                {outcome.issues.map((issue) => (
                  // the API's line (a field path and its reason), isolated so a right-to-left
                  // page does not move its brackets and colon
                  <li key={issue}>
                    <bdi>{issue}</bdi>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </ReadyFieldset>
    </form>
  );
}
