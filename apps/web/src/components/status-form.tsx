'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState, type FormEvent } from 'react';
import {
  ACCESS_STATUSES,
  CONSTRAINT_CATEGORIES,
  NAME_MAX_LENGTH,
  NOTE_MAX_LENGTH,
  SENSITIVITIES,
  SEVERITY_LABELS,
  TERM_TYPES,
  TITLE_MAX_LENGTH,
  URL_MAX_LENGTH,
  ZAccessStatusCorrection,
  ZAccessStatusRecord,
  type TAccessStatusVersion,
  type TSensitivity,
} from '@access/contracts';
import { send, type ApiProblem } from '@/lib/client-api';
import { apiProblems, useErrorText, zodProblems, type ErrorItem } from '@/lib/error-text';
import { intlLocale } from '@/i18n/locales';
import { formatDate } from '@/lib/format';
import { STATUS_STYLE } from '@/lib/status-style';
import { ErrorSummary, enterMovesOn } from './error-summary';
import { ReadyFieldset } from './ready-fieldset';
import { useTextLimits } from './text-limit';

interface Option {
  id: string;
  name: string;
}

interface Props {
  mode: 'record' | 'correct';
  csrfToken: string;
  role: string;
  clearance: TSensitivity;
  organizations: Option[];
  areas: Option[];
  parties: Option[];
  initial: Partial<FormValues>;
  /** the version being corrected */
  versionId?: string;
  /** the ETag of the version being corrected, as read: sent as If-Match */
  etag?: string;
}

/** The API's two ways of saying the entry was changed since the form was opened (409 without If-Match, 412 with it). */
function changedMeanwhile(code: string): boolean {
  return code === 'VERSION_SUPERSEDED' || code === 'PRECONDITION_FAILED';
}

interface TermRow {
  type: string;
  grantingPartyId: string;
  legalReference: string;
  note: string;
}
interface SourceRow {
  title: string;
  publisher: string;
  url: string;
  publishedOn: string;
}
export interface FormValues {
  organizationId: string;
  areaId: string;
  status: string;
  validFrom: string;
  validTo: string;
  reason: string;
  correctionNote: string;
  constraintCategories: number[];
  severity: string;
  sensitivity: string;
  reviewState: string;
  terms: TermRow[];
  sources: SourceRow[];
}

const EMPTY_TERM: TermRow = { type: 'PERMIT', grantingPartyId: '', legalReference: '', note: '' };
const EMPTY_SOURCE: SourceRow = { title: '', publisher: '', url: '', publishedOn: '' };
const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** Whether the API takes a correction's own note beside the status's reason (issue 12). */
export const CORRECTION_NOTE_SUPPORTED = 'correctionNote' in ZAccessStatusCorrection.shape;

/** The order of the form's fields, for the error summary. */
const FIELD_ORDER = [
  'organizationId',
  'areaId',
  'status',
  'validFrom',
  'validTo',
  'reason',
  'correctionNote',
  'constraintCategories',
  'severity',
  'sensitivity',
  'reviewState',
  'terms',
  'sources',
];

/** Today in the user's own calendar, as YYYY-MM-DD (a date input's value). */
function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The value a field path points at, to tell an empty field from a wrong one. */
function valueAt(values: FormValues, field: string): unknown {
  let current: unknown = values;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** What the API receives: empty optional fields become null. */
function toBody(values: FormValues, mode: Props['mode']) {
  const body = {
    status: values.status,
    validFrom: values.validFrom,
    validTo: orNull(values.validTo),
    reason: values.reason,
    constraintCategories: values.constraintCategories,
    severity: values.severity === '' ? null : Number(values.severity),
    sensitivity: values.sensitivity,
    ...(values.reviewState ? { reviewState: values.reviewState } : {}),
    ...(mode === 'correct' && CORRECTION_NOTE_SUPPORTED
      ? { correctionNote: orNull(values.correctionNote) }
      : {}),
    terms: values.terms.map((term) => ({
      type: term.type,
      grantingPartyId: orNull(term.grantingPartyId),
      legalReference: orNull(term.legalReference),
      note: orNull(term.note),
    })),
    sources: values.sources.map((source) => ({
      title: source.title,
      publisher: orNull(source.publisher),
      url: orNull(source.url),
      publishedOn: orNull(source.publishedOn),
    })),
  };
  return mode === 'record'
    ? { organizationId: values.organizationId, areaId: values.areaId, ...body }
    : body;
}

/**
 * Record a new status, or correct a version. Validates as you type with the same schemas
 * the API uses; the API's own errors appear beside the field they concern, and nothing
 * typed is lost when the server says no.
 */
export function StatusForm(props: Props) {
  const router = useRouter();
  const t = useTranslations('statusForm');
  const tc = useTranslations('codes');
  const locale = intlLocale(useLocale());
  const { errorItems, problemText } = useErrorText();
  const [values, setValues] = useState<FormValues>({
    organizationId: props.organizations.length === 1 ? props.organizations[0]!.id : '',
    areaId: '',
    status: '',
    validFrom: new Date().toISOString().slice(0, 10),
    validTo: '',
    reason: '',
    correctionNote: '',
    constraintCategories: [],
    severity: '',
    sensitivity: 'MODERATE',
    reviewState: props.role === 'EDITOR' ? 'SUBMITTED' : '',
    terms: [],
    sources: [],
    ...props.initial,
  });
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [summary, setSummary] = useState<ErrorItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [newer, setNewer] = useState<TAccessStatusVersion | null>(null);
  const [busy, setBusy] = useState(false);
  const limits = useTextLimits();

  /** field → what to do, from the same schemas the API checks with */
  const clientItems = useMemo(() => {
    const schema = props.mode === 'record' ? ZAccessStatusRecord : ZAccessStatusCorrection;
    const parsed = schema.safeParse(toBody(values, props.mode));
    if (parsed.success) return [];
    const problems = zodProblems(parsed.error.issues);
    // zod checks the period only once every field passes; say it as soon as both days are there
    if (
      values.validFrom &&
      values.validTo &&
      values.validTo <= values.validFrom &&
      !problems.some((problem) => problem.field === 'validTo')
    )
      problems.push({ field: 'validTo', message: 'must be after validFrom', code: 'custom' });
    return errorItems(problems, {
      values: (field) => valueAt(values, field),
      order: FIELD_ORDER,
    });
  }, [values, props.mode, errorItems]);
  const clientErrors = useMemo(
    () => Object.fromEntries(clientItems.map((item) => [item.field, item.text])),
    [clientItems],
  );
  const startsInFuture = values.validFrom !== '' && values.validFrom > localToday();

  const errorFor = (field: string) =>
    serverErrors[field] ?? (submitted || touched.has(field) ? clientErrors[field] : undefined);
  const update = (field: string, patch: Partial<FormValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    setTouched((current) => new Set(current).add(field));
    setServerErrors((current) => {
      const next = { ...current };
      delete next[field];
      return next;
    });
  };
  /** aria attributes of a field: invalid with its error, and described by its hint (if any), its error and its length notice. */
  const invalid = (field: string, hintId?: string, warningId?: string) => {
    const describedBy = [
      hintId,
      warningId,
      errorFor(field) ? `${field}-error` : undefined,
      limits.describedBy(field),
    ]
      .filter(Boolean)
      .join(' ');
    return {
      ...(errorFor(field) ? { 'aria-invalid': true as const } : {}),
      ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    };
  };
  const FieldError = ({ field }: { field: string }) =>
    errorFor(field) ? (
      <div id={`${field}-error`} className="field-error">
        <span className="visually-hidden">{t('errorPrefix')} </span>
        {errorFor(field)}
      </div>
    ) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setSubmitted(true);
    setProblem(null);
    setNewer(null);
    if (clientItems.length > 0) {
      setSummary(clientItems);
      setAttempt((n) => n + 1);
      return;
    }
    setSummary([]);
    setBusy(true);
    const path =
      props.mode === 'record'
        ? '/access-statuses'
        : `/access-statuses/${props.versionId}/corrections`;
    const result = await send<TAccessStatusVersion>(
      'POST',
      path,
      props.csrfToken,
      toBody(values, props.mode),
      props.etag ? { 'if-match': props.etag } : {},
    );
    if (result.ok) {
      // a confirmation that says what happens next, not the pair's dense history
      router.push(`/entries/${result.data.id}/saved`);
      router.refresh();
      return;
    }
    setBusy(false);
    const items = errorItems(apiProblems(result.problem), {
      values: (field) => valueAt(values, field),
      order: FIELD_ORDER,
    });
    setProblem(result.problem);
    setSummary(items);
    setServerErrors(Object.fromEntries(items.map((item) => [item.field, item.text])));
    setAttempt((n) => n + 1);
    const newerId = result.problem.details?.supersededById;
    if (changedMeanwhile(result.problem.code) && typeof newerId === 'string') {
      const response = await fetch(`/api/access-statuses/${newerId}`);
      if (response.ok) setNewer(await response.json());
    }
  }

  const sensitivities = SENSITIVITIES.slice(0, SENSITIVITIES.indexOf(props.clearance) + 1);

  return (
    <form onSubmit={submit} onKeyDown={enterMovesOn} noValidate>
      <ReadyFieldset>
        <ErrorSummary
          items={summary}
          attempt={attempt}
          message={
            problem && (summary.length === 0 || problem.code !== 'VALIDATION_FAILED')
              ? problemText(problem)
              : null
          }
        >
          {problem?.code === 'PERIOD_CONFLICT' &&
            typeof problem.details?.conflictingVersionId === 'string' && (
              <p>
                {t.rich('conflict', {
                  link: (chunks) => (
                    <Link href={`/entries/${problem.details?.conflictingVersionId}/correct`}>
                      {chunks}
                    </Link>
                  ),
                })}
              </p>
            )}
          {newer && (
            <div className="grid two" style={{ marginTop: '.5rem' }}>
              <div>
                {t.rich('theirVersion', {
                  strong: (chunks) => <strong>{chunks}</strong>,
                  status: tc(`status.${newer.status}`),
                  from: formatDate(newer.validFrom, locale),
                  reason: newer.reason,
                  by: newer.recordedBy.displayName,
                })}{' '}
                <Link href={`/entries/${newer.id}/correct`}>{t('correctTheirs')}</Link>
              </div>
              <div>
                {t.rich('yourVersion', {
                  strong: (chunks) => <strong>{chunks}</strong>,
                  status: values.status ? tc(`status.${values.status}`) : '—',
                  from: formatDate(values.validFrom, locale) || '—',
                  reason: values.reason,
                })}
              </div>
            </div>
          )}
        </ErrorSummary>

        <fieldset>
          <legend>{t('whoAndWhere')}</legend>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="organizationId">{t('organization')}</label>
              <select
                id="organizationId"
                value={values.organizationId}
                disabled={props.mode === 'correct'}
                onChange={(e) => update('organizationId', { organizationId: e.target.value })}
                {...invalid('organizationId')}
              >
                <option value="">{t('choose')}</option>
                {props.organizations.map((organization) => (
                  <option key={organization.id} value={organization.id}>
                    {organization.name}
                  </option>
                ))}
              </select>
              <FieldError field="organizationId" />
            </div>
            <div className="field">
              <label htmlFor="areaId">{t('area')}</label>
              <select
                id="areaId"
                value={values.areaId}
                disabled={props.mode === 'correct'}
                onChange={(e) => update('areaId', { areaId: e.target.value })}
                {...invalid('areaId')}
              >
                <option value="">{t('choose')}</option>
                {props.areas.map((area) => (
                  <option key={area.id} value={area.id}>
                    {area.name}
                  </option>
                ))}
              </select>
              <FieldError field="areaId" />
            </div>
          </div>
        </fieldset>

        <fieldset {...invalid('status')}>
          <legend>{t('status')}</legend>
          <div className="checkboxes" role="radiogroup" aria-label={t('status')}>
            {ACCESS_STATUSES.map((status, index) => (
              <label key={status}>
                <input
                  id={index === 0 ? 'status' : `status-${status}`}
                  type="radio"
                  name="status"
                  value={status}
                  checked={values.status === status}
                  onChange={() => update('status', { status })}
                />
                <span aria-hidden="true">{STATUS_STYLE[status].symbol}</span>{' '}
                {tc(`status.${status}`)}
              </label>
            ))}
          </div>
          <FieldError field="status" />
        </fieldset>

        <fieldset>
          <legend>{t('whenAndWhy')}</legend>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="validFrom">{t('validFrom')}</label>
              <input
                id="validFrom"
                type="date"
                value={values.validFrom}
                onChange={(e) => update('validFrom', { validFrom: e.target.value })}
                {...invalid(
                  'validFrom',
                  'validFrom-hint',
                  startsInFuture ? 'validFrom-warning' : undefined,
                )}
              />
              <span id="validFrom-hint" className="hint">
                {t('validFromHint')}
              </span>
              <FieldError field="validFrom" />
              {startsInFuture && (
                <div id="validFrom-warning" className="field-warning" role="status">
                  <span aria-hidden="true">⚠ </span>
                  {t('futureWarning')}
                </div>
              )}
            </div>
            <div className="field">
              <label htmlFor="validTo">{t('validTo')}</label>
              <input
                id="validTo"
                type="date"
                value={values.validTo}
                onChange={(e) => update('validTo', { validTo: e.target.value })}
                {...invalid('validTo', 'validTo-hint')}
              />
              <span id="validTo-hint" className="hint">
                {t('validToHint')}
              </span>
              <FieldError field="validTo" />
            </div>
          </div>
          <div className="field wide" style={{ marginTop: '.75rem' }}>
            <label htmlFor="reason">{t('reason')}</label>
            {props.mode === 'correct' && (
              <span id="reason-hint" className="hint">
                {t('reasonHint')}
              </span>
            )}
            <textarea
              id="reason"
              value={values.reason}
              onChange={(e) => update('reason', { reason: e.target.value })}
              {...limits.limit('reason', NOTE_MAX_LENGTH)}
              {...invalid('reason', props.mode === 'correct' ? 'reason-hint' : undefined)}
            />
            <FieldError field="reason" />
            {limits.notice('reason', t('reason'), NOTE_MAX_LENGTH)}
          </div>
          {props.mode === 'correct' && CORRECTION_NOTE_SUPPORTED && (
            <div className="field wide" style={{ marginTop: '.75rem' }}>
              <label htmlFor="correctionNote">{t('correctionNote')}</label>
              <span id="correctionNote-hint" className="hint">
                {t('correctionNoteHint')}
              </span>
              <textarea
                id="correctionNote"
                value={values.correctionNote}
                onChange={(e) => update('correctionNote', { correctionNote: e.target.value })}
                {...limits.limit('correctionNote', NOTE_MAX_LENGTH)}
                {...invalid('correctionNote', 'correctionNote-hint')}
              />
              <FieldError field="correctionNote" />
              {limits.notice('correctionNote', t('correctionNote'), NOTE_MAX_LENGTH)}
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>{t('constraints')}</legend>
          <div className="checkboxes">
            {Object.keys(CONSTRAINT_CATEGORIES).map((code, index) => (
              <label key={code}>
                <input
                  id={index === 0 ? 'constraintCategories' : `constraintCategories-${code}`}
                  type="checkbox"
                  checked={values.constraintCategories.includes(Number(code))}
                  onChange={(e) =>
                    update('constraintCategories', {
                      constraintCategories: e.target.checked
                        ? [...values.constraintCategories, Number(code)]
                        : values.constraintCategories.filter((c) => c !== Number(code)),
                    })
                  }
                />
                {code}. {tc(`category.${code}`)}
              </label>
            ))}
          </div>
          <FieldError field="constraintCategories" />
          <div className="form-grid" style={{ marginTop: '.75rem' }}>
            <div className="field">
              <label htmlFor="severity">{t('severity')}</label>
              <select
                id="severity"
                value={values.severity}
                onChange={(e) => update('severity', { severity: e.target.value })}
              >
                <option value="">{t('notAssessed')}</option>
                {Object.keys(SEVERITY_LABELS).map((code) => (
                  <option key={code} value={code}>
                    {code} — {tc(`severity.${code}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="sensitivity">{t('sensitivity')}</label>
              <select
                id="sensitivity"
                value={values.sensitivity}
                onChange={(e) => update('sensitivity', { sensitivity: e.target.value })}
                {...invalid('sensitivity')}
              >
                {sensitivities.map((level) => (
                  <option key={level} value={level}>
                    {tc(`sensitivity.${level}`)}
                  </option>
                ))}
              </select>
              <FieldError field="sensitivity" />
            </div>
            {props.role === 'EDITOR' && (
              <div className="field">
                <label htmlFor="reviewState">{t('saveAs')}</label>
                <select
                  id="reviewState"
                  value={values.reviewState}
                  onChange={(e) => update('reviewState', { reviewState: e.target.value })}
                >
                  <option value="SUBMITTED">{t('submitted')}</option>
                  <option value="DRAFT">{t('draft')}</option>
                </select>
              </div>
            )}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('terms')}</legend>
          {values.terms.length === 0 && <p className="muted">{t('noTerms')}</p>}
          {values.terms.map((term, index) => (
            <div
              key={index}
              className="form-grid"
              style={{
                borderBottom: '1px solid var(--line)',
                paddingBottom: '.5rem',
                marginBottom: '.5rem',
              }}
            >
              <div className="field">
                <label htmlFor={`terms.${index}.type`}>{t('termType', { n: index + 1 })}</label>
                <select
                  id={`terms.${index}.type`}
                  value={term.type}
                  onChange={(e) =>
                    update(`terms.${index}.type`, {
                      terms: values.terms.map((t, i) =>
                        i === index ? { ...t, type: e.target.value } : t,
                      ),
                    })
                  }
                  {...invalid(`terms.${index}.type`)}
                >
                  {TERM_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {tc(`termType.${type}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`terms.${index}.grantingPartyId`}>{t('grantedBy')}</label>
                <select
                  id={`terms.${index}.grantingPartyId`}
                  value={term.grantingPartyId}
                  onChange={(e) =>
                    update(`terms.${index}.grantingPartyId`, {
                      terms: values.terms.map((t, i) =>
                        i === index ? { ...t, grantingPartyId: e.target.value } : t,
                      ),
                    })
                  }
                  {...invalid(`terms.${index}.grantingPartyId`)}
                >
                  <option value="">{t('notNamed')}</option>
                  {props.parties.map((party) => (
                    <option key={party.id} value={party.id}>
                      {party.name}
                    </option>
                  ))}
                </select>
                <FieldError field={`terms.${index}.grantingPartyId`} />
              </div>
              <div className="field">
                <label htmlFor={`terms.${index}.legalReference`}>{t('legalReference')}</label>
                <input
                  id={`terms.${index}.legalReference`}
                  value={term.legalReference}
                  onChange={(e) =>
                    update(`terms.${index}.legalReference`, {
                      terms: values.terms.map((t, i) =>
                        i === index ? { ...t, legalReference: e.target.value } : t,
                      ),
                    })
                  }
                  {...limits.limit(`terms.${index}.legalReference`, TITLE_MAX_LENGTH)}
                  {...invalid(`terms.${index}.legalReference`)}
                />
                <FieldError field={`terms.${index}.legalReference`} />
                {limits.notice(
                  `terms.${index}.legalReference`,
                  t('legalReference'),
                  TITLE_MAX_LENGTH,
                )}
              </div>
              <div className="field">
                <label htmlFor={`terms.${index}.note`}>{t('note')}</label>
                <input
                  id={`terms.${index}.note`}
                  value={term.note}
                  onChange={(e) =>
                    update(`terms.${index}.note`, {
                      terms: values.terms.map((t, i) =>
                        i === index ? { ...t, note: e.target.value } : t,
                      ),
                    })
                  }
                  {...limits.limit(`terms.${index}.note`, NOTE_MAX_LENGTH)}
                  {...invalid(`terms.${index}.note`)}
                />
                <FieldError field={`terms.${index}.note`} />
                {limits.notice(`terms.${index}.note`, t('note'), NOTE_MAX_LENGTH)}
              </div>
              <div>
                <button
                  type="button"
                  className="secondary"
                  onClick={() =>
                    update('terms', { terms: values.terms.filter((_, i) => i !== index) })
                  }
                >
                  {t('removeTerm', { n: index + 1 })}
                </button>
              </div>
            </div>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() => update('terms', { terms: [...values.terms, { ...EMPTY_TERM }] })}
          >
            {t('addTerm')}
          </button>
        </fieldset>

        <fieldset>
          <legend>{t('sources')}</legend>
          {values.sources.length === 0 && <p className="muted">{t('noSources')}</p>}
          {values.sources.map((source, index) => (
            <div
              key={index}
              className="form-grid"
              style={{
                borderBottom: '1px solid var(--line)',
                paddingBottom: '.5rem',
                marginBottom: '.5rem',
              }}
            >
              <div className="field">
                <label htmlFor={`sources.${index}.title`}>
                  {t('sourceTitle', { n: index + 1 })}
                </label>
                <input
                  id={`sources.${index}.title`}
                  value={source.title}
                  onChange={(e) =>
                    update(`sources.${index}.title`, {
                      sources: values.sources.map((s, i) =>
                        i === index ? { ...s, title: e.target.value } : s,
                      ),
                    })
                  }
                  {...limits.limit(`sources.${index}.title`, TITLE_MAX_LENGTH)}
                  {...invalid(`sources.${index}.title`)}
                />
                <FieldError field={`sources.${index}.title`} />
                {limits.notice(
                  `sources.${index}.title`,
                  t('sourceTitle', { n: index + 1 }),
                  TITLE_MAX_LENGTH,
                )}
              </div>
              <div className="field">
                <label htmlFor={`sources.${index}.publisher`}>{t('publisher')}</label>
                <input
                  id={`sources.${index}.publisher`}
                  value={source.publisher}
                  onChange={(e) =>
                    update(`sources.${index}.publisher`, {
                      sources: values.sources.map((s, i) =>
                        i === index ? { ...s, publisher: e.target.value } : s,
                      ),
                    })
                  }
                  {...limits.limit(`sources.${index}.publisher`, NAME_MAX_LENGTH)}
                  {...invalid(`sources.${index}.publisher`)}
                />
                <FieldError field={`sources.${index}.publisher`} />
                {limits.notice(`sources.${index}.publisher`, t('publisher'), NAME_MAX_LENGTH)}
              </div>
              <div className="field">
                <label htmlFor={`sources.${index}.url`}>{t('url')}</label>
                <input
                  id={`sources.${index}.url`}
                  type="url"
                  value={source.url}
                  onChange={(e) =>
                    update(`sources.${index}.url`, {
                      sources: values.sources.map((s, i) =>
                        i === index ? { ...s, url: e.target.value } : s,
                      ),
                    })
                  }
                  {...limits.limit(`sources.${index}.url`, URL_MAX_LENGTH)}
                  {...invalid(`sources.${index}.url`)}
                />
                <FieldError field={`sources.${index}.url`} />
                {limits.notice(`sources.${index}.url`, t('url'), URL_MAX_LENGTH)}
              </div>
              <div className="field">
                <label htmlFor={`sources.${index}.publishedOn`}>{t('publishedOn')}</label>
                <input
                  id={`sources.${index}.publishedOn`}
                  type="date"
                  value={source.publishedOn}
                  onChange={(e) =>
                    update(`sources.${index}.publishedOn`, {
                      sources: values.sources.map((s, i) =>
                        i === index ? { ...s, publishedOn: e.target.value } : s,
                      ),
                    })
                  }
                />
              </div>
              <div>
                <button
                  type="button"
                  className="secondary"
                  onClick={() =>
                    update('sources', { sources: values.sources.filter((_, i) => i !== index) })
                  }
                >
                  {t('removeSource', { n: index + 1 })}
                </button>
              </div>
            </div>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() => update('sources', { sources: [...values.sources, { ...EMPTY_SOURCE }] })}
          >
            {t('addSource')}
          </button>
        </fieldset>

        <p>
          <button type="submit" disabled={busy}>
            {busy ? t('saving') : props.mode === 'record' ? t('record') : t('saveCorrection')}
          </button>
        </p>
      </ReadyFieldset>
    </form>
  );
}
