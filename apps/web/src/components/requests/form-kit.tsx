'use client';

import { useRequestText } from '@/lib/request-text';
import { useMemo, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { NAME_MAX_LENGTH, TITLE_MAX_LENGTH, URL_MAX_LENGTH } from '@access/contracts';
import { useTextLimits, type TextLimits } from '@/components/text-limit';
import { send, type ApiProblem } from '@/lib/client-api';
import {
  apiProblems,
  useErrorText,
  zodProblems,
  type ErrorItem,
  type FieldProblem,
} from '@/lib/error-text';

export interface SourceRow {
  title: string;
  publisher: string;
  url: string;
  publishedOn: string;
}
export const EMPTY_SOURCE: SourceRow = { title: '', publisher: '', url: '', publishedOn: '' };
export const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
export const sourcesBody = (sources: SourceRow[]) =>
  sources.map((source) => ({
    title: source.title,
    publisher: orNull(source.publisher),
    url: orNull(source.url),
    publishedOn: orNull(source.publishedOn),
  }));

/** Today in the user's own calendar, as YYYY-MM-DD (a date input's value). */
export function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The element an error links to: a list's first box, a source's or condition's own field. */
export const elementId = (field: string) =>
  /^(sources|conditions)\.\d+\./.test(field) ? field : (field.split('.')[0] ?? field);

/**
 * The request forms' shared behaviour, as the status and incident forms do it: the API's own
 * schema checks as you go (a field's error shows once touched, all of them after a submit,
 * in an error summary that takes the focus), the API's refusals beside their fields, and
 * nothing typed lost when the server says no.
 */
export function useRequestForm<V extends object, B, R>(options: {
  initial: V;
  schema: z.ZodType;
  toBody: (values: V) => B;
  labels: Record<string, string>;
  order: string[];
  /** a field's own sentence, when the generic one would not say what to do */
  text: (field: string, values: V, fallback: string) => string;
  request: (body: B) => { method: 'POST'; path: string; csrfToken: string };
  onSaved: (saved: R) => void;
}) {
  const { errorItems, problemText } = useErrorText();
  const [values, setValues] = useState<V>(options.initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [summary, setSummary] = useState<ErrorItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  const itemsOf = (problems: FieldProblem[], current: V) =>
    errorItems(problems, { labels: options.labels, order: options.order }).map((item) => ({
      ...item,
      text: options.text(item.field, current, item.text),
    }));
  // the options are fixed per form: only the values change what the check says
  const clientItems = useMemo(() => {
    const parsed = options.schema.safeParse(options.toBody(values));
    return itemsOf(parsed.success ? [] : zodProblems(parsed.error.issues), values);
  }, [values]);
  const clientErrors = useMemo(
    () => Object.fromEntries(clientItems.map((item) => [elementId(item.field), item.text])),
    [clientItems],
  );
  const errorFor = (field: string) =>
    serverErrors[field] ?? (submitted || touched.has(field) ? clientErrors[field] : undefined);

  function update(field: string, patch: Partial<V>) {
    setValues((current) => ({ ...current, ...patch }));
    setTouched((current) => new Set(current).add(field));
    setServerErrors((current) => {
      const next = { ...current };
      delete next[field];
      return next;
    });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setSubmitted(true);
    setProblem(null);
    if (clientItems.length > 0) {
      setSummary(clientItems);
      setAttempt((n) => n + 1);
      return;
    }
    setSummary([]);
    setBusy(true);
    const body = options.toBody(values);
    const { method, path, csrfToken } = options.request(body);
    const result = await send<R>(method, path, csrfToken, body);
    if (result.ok) {
      options.onSaved(result.data);
      return;
    }
    setBusy(false);
    const items = itemsOf(apiProblems(result.problem), values);
    setProblem(result.problem);
    setSummary(items);
    setServerErrors(Object.fromEntries(items.map((item) => [elementId(item.field), item.text])));
    setAttempt((n) => n + 1);
  }

  const summaryMessage =
    problem && (summary.length === 0 || problem.code !== 'VALIDATION_FAILED')
      ? problemText(problem)
      : null;
  return { values, update, errorFor, submit, summary, summaryMessage, attempt, busy };
}

/** aria-invalid and aria-describedby for a field, from its error, hint and length notice. */
export function invalidProps(
  errorFor: (field: string) => string | undefined,
  limits?: Pick<TextLimits, 'describedBy'>,
) {
  return (field: string, hintId?: string) => {
    const error = errorFor(field);
    const describedBy = [hintId, error ? `${field}-error` : undefined, limits?.describedBy(field)]
      .filter(Boolean)
      .join(' ');
    return {
      ...(error ? { 'aria-invalid': true as const } : {}),
      ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    };
  };
}

/** A field's error under it, announced with "Error:" for screen readers. */
export function FieldError({ field, error }: { field: string; error: string | undefined }) {
  const t = useRequestText();
  if (!error) return null;
  return (
    <div id={`${field}-error`} className="field-error">
      <span className="visually-hidden">{t('form.errorPrefix')} </span>
      {error}
    </div>
  );
}

/** The sources a record cites: as many as needed, each removable. */
export function SourcesFieldset({
  sources,
  set,
  errorFor,
}: {
  sources: SourceRow[];
  set: (field: string, sources: SourceRow[]) => void;
  errorFor: (field: string) => string | undefined;
}) {
  const t = useRequestText();
  const limits = useTextLimits();
  const invalid = invalidProps(errorFor, limits);
  return (
    <fieldset>
      <legend>{t('form.sources')}</legend>
      {sources.length === 0 && <p className="muted">{t('form.noSources')}</p>}
      {sources.map((source, index) => {
        const change = (key: keyof SourceRow, value: string) =>
          set(
            `sources.${index}.${key}`,
            sources.map((s, i) => (i === index ? { ...s, [key]: value } : s)),
          );
        const id = (key: string) => `sources.${index}.${key}`;
        return (
          <div key={index} className="form-grid source-row">
            <div className="field">
              <label htmlFor={id('title')}>{t('form.sourceTitle', { n: index + 1 })}</label>
              <input
                id={id('title')}
                value={source.title}
                onChange={(e) => change('title', e.target.value)}
                {...limits.limit(id('title'), TITLE_MAX_LENGTH)}
                {...invalid(id('title'))}
              />
              <FieldError field={id('title')} error={errorFor(id('title'))} />
              {limits.notice(
                id('title'),
                t('form.sourceTitle', { n: index + 1 }),
                TITLE_MAX_LENGTH,
              )}
            </div>
            <div className="field">
              <label htmlFor={id('publisher')}>{t('form.sourcePublisher')}</label>
              <input
                id={id('publisher')}
                value={source.publisher}
                onChange={(e) => change('publisher', e.target.value)}
                {...limits.limit(id('publisher'), NAME_MAX_LENGTH)}
                {...invalid(id('publisher'))}
              />
              <FieldError field={id('publisher')} error={errorFor(id('publisher'))} />
              {limits.notice(id('publisher'), t('form.sourcePublisher'), NAME_MAX_LENGTH)}
            </div>
            <div className="field">
              <label htmlFor={id('url')}>{t('form.sourceUrl')}</label>
              <input
                id={id('url')}
                type="url"
                value={source.url}
                onChange={(e) => change('url', e.target.value)}
                {...limits.limit(id('url'), URL_MAX_LENGTH)}
                {...invalid(id('url'))}
              />
              <FieldError field={id('url')} error={errorFor(id('url'))} />
              {limits.notice(id('url'), t('form.sourceUrl'), URL_MAX_LENGTH)}
            </div>
            <div className="field">
              <label htmlFor={id('publishedOn')}>{t('form.sourcePublishedOn')}</label>
              <input
                id={id('publishedOn')}
                type="date"
                value={source.publishedOn}
                onChange={(e) => change('publishedOn', e.target.value)}
                {...invalid(id('publishedOn'))}
              />
              <FieldError field={id('publishedOn')} error={errorFor(id('publishedOn'))} />
            </div>
            <div>
              <button
                type="button"
                className="secondary"
                onClick={() =>
                  set(
                    'sources',
                    sources.filter((_, i) => i !== index),
                  )
                }
              >
                {t('form.removeSource', { n: index + 1 })}
              </button>
            </div>
          </div>
        );
      })}
      <button
        type="button"
        className="secondary"
        onClick={() => set('sources', [...sources, { ...EMPTY_SOURCE }])}
      >
        {t('form.addSource')}
      </button>
    </fieldset>
  );
}

/**
 * Who may see a record: its sensitivity (up to the writer's clearance) and, for an
 * editor, whether the entry is submitted for review or kept as a draft.
 */
export function WhoMaySeeFieldset({
  sensitivities,
  role,
  sensitivity,
  reviewState,
  labels,
  update,
  errorFor,
}: {
  /** the levels the writer may choose (up to their clearance) */
  sensitivities: readonly string[];
  role: string;
  sensitivity: string;
  reviewState: string;
  labels: Record<string, string>;
  update: (field: 'sensitivity' | 'reviewState', value: string) => void;
  errorFor: (field: string) => string | undefined;
}) {
  const t = useRequestText();
  const invalid = invalidProps(errorFor);
  return (
    <fieldset>
      <legend>{t('form.whoMaySee')}</legend>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="sensitivity">{labels.sensitivity}</label>
          <select
            id="sensitivity"
            value={sensitivity}
            onChange={(e) => update('sensitivity', e.target.value)}
            {...invalid('sensitivity', 'sensitivity-hint')}
          >
            {sensitivities.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
          <span id="sensitivity-hint" className="hint">
            {t('form.sensitivityHint')}
          </span>
          <FieldError field="sensitivity" error={errorFor('sensitivity')} />
        </div>
        {role === 'EDITOR' && (
          <div className="field">
            <label htmlFor="reviewState">{labels.reviewState}</label>
            <select
              id="reviewState"
              value={reviewState}
              onChange={(e) => update('reviewState', e.target.value)}
            >
              <option value="SUBMITTED">{t('form.submitted')}</option>
              <option value="DRAFT">{t('form.draft')}</option>
            </select>
          </div>
        )}
      </div>
    </fieldset>
  );
}
