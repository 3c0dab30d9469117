'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import {
  ACCESS_STATUSES,
  CONSTRAINT_CATEGORIES,
  SENSITIVITIES,
  SEVERITY_LABELS,
  TERM_TYPES,
  TERM_TYPE_LABELS,
  ZAccessStatusCorrection,
  ZAccessStatusRecord,
  type TAccessStatusVersion,
  type TSensitivity,
} from '@access/contracts';
import { issuesByField, send, type ApiProblem } from '@/lib/client-api';
import { STATUS_STYLE } from '@/lib/status-style';

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
  const [values, setValues] = useState<FormValues>({
    organizationId: props.organizations.length === 1 ? props.organizations[0]!.id : '',
    areaId: '',
    status: '',
    validFrom: new Date().toISOString().slice(0, 10),
    validTo: '',
    reason: '',
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
  const [newer, setNewer] = useState<TAccessStatusVersion | null>(null);
  const [busy, setBusy] = useState(false);

  const clientErrors = useMemo(() => {
    const schema = props.mode === 'record' ? ZAccessStatusRecord : ZAccessStatusCorrection;
    const parsed = schema.safeParse(toBody(values, props.mode));
    return parsed.success ? {} : issuesByField(parsed.error.issues);
  }, [values, props.mode]);

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
  /** aria attributes of a field: invalid with its error, and described by its hint (if any) and its error. */
  const invalid = (field: string, hintId?: string) => {
    const describedBy = [hintId, errorFor(field) ? `${field}-error` : undefined]
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
        {errorFor(field)}
      </div>
    ) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setProblem(null);
    setNewer(null);
    if (Object.keys(clientErrors).length > 0) {
      setProblem({
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'Some fields need attention before this can be saved.',
        fields: clientErrors,
      });
      return;
    }
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
    setBusy(false);
    if (result.ok) {
      router.push(
        `/history?organizationId=${result.data.organization.id}&areaId=${result.data.area.id}#v-${result.data.id}`,
      );
      router.refresh();
      return;
    }
    setProblem(result.problem);
    setServerErrors(result.problem.fields);
    const newerId = result.problem.details?.supersededById;
    if (changedMeanwhile(result.problem.code) && typeof newerId === 'string') {
      const response = await fetch(`/api/access-statuses/${newerId}`);
      if (response.ok) setNewer(await response.json());
    }
  }

  const sensitivities = SENSITIVITIES.slice(0, SENSITIVITIES.indexOf(props.clearance) + 1);

  return (
    <form onSubmit={submit} noValidate aria-describedby={problem ? 'form-problem' : undefined}>
      {problem && (
        <div id="form-problem" className="alert" role="alert">
          {changedMeanwhile(problem.code) ? (
            <strong>Someone changed this entry meanwhile. </strong>
          ) : null}
          {problem.message.replace(/\.?$/, '.')} Your entries are kept below.
          {problem.code === 'PERIOD_CONFLICT' &&
            typeof problem.details?.conflictingVersionId === 'string' && (
              <>
                {' '}
                <Link href={`/entries/${problem.details.conflictingVersionId}/correct`}>
                  Correct the entry that starts that day
                </Link>
                .
              </>
            )}
          {newer && (
            <div className="grid two" style={{ marginTop: '.5rem' }}>
              <div>
                <strong>Their version</strong>: {STATUS_STYLE[newer.status].label} from{' '}
                {newer.validFrom} — {newer.reason} ({newer.recordedBy.displayName})
              </div>
              <div>
                <strong>Your version</strong>:{' '}
                {values.status
                  ? STATUS_STYLE[values.status as keyof typeof STATUS_STYLE].label
                  : '—'}{' '}
                from {values.validFrom} — {values.reason}
              </div>
            </div>
          )}
        </div>
      )}

      <fieldset>
        <legend>Who and where</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="organizationId">Organisation</label>
            <select
              id="organizationId"
              value={values.organizationId}
              disabled={props.mode === 'correct'}
              onChange={(e) => update('organizationId', { organizationId: e.target.value })}
              {...invalid('organizationId')}
            >
              <option value="">Choose…</option>
              {props.organizations.map((organization) => (
                <option key={organization.id} value={organization.id}>
                  {organization.name}
                </option>
              ))}
            </select>
            <FieldError field="organizationId" />
          </div>
          <div className="field">
            <label htmlFor="areaId">Area</label>
            <select
              id="areaId"
              value={values.areaId}
              disabled={props.mode === 'correct'}
              onChange={(e) => update('areaId', { areaId: e.target.value })}
              {...invalid('areaId')}
            >
              <option value="">Choose…</option>
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
        <legend>Status</legend>
        <div className="checkboxes" role="radiogroup" aria-label="Status">
          {ACCESS_STATUSES.map((status) => (
            <label key={status}>
              <input
                type="radio"
                name="status"
                value={status}
                checked={values.status === status}
                onChange={() => update('status', { status })}
              />
              <span aria-hidden="true">{STATUS_STYLE[status].symbol}</span>{' '}
              {STATUS_STYLE[status].label}
            </label>
          ))}
        </div>
        <FieldError field="status" />
      </fieldset>

      <fieldset>
        <legend>When and why</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="validFrom">Holds from</label>
            <input
              id="validFrom"
              type="date"
              value={values.validFrom}
              onChange={(e) => update('validFrom', { validFrom: e.target.value })}
              {...invalid('validFrom', 'validFrom-hint')}
            />
            <span id="validFrom-hint" className="hint">
              any day, also in the past, except one on which another status of this organisation
              here starts
            </span>
            <FieldError field="validFrom" />
          </div>
          <div className="field">
            <label htmlFor="validTo">Until (first day it no longer holds)</label>
            <input
              id="validTo"
              type="date"
              value={values.validTo}
              onChange={(e) => update('validTo', { validTo: e.target.value })}
              {...invalid('validTo', 'validTo-hint')}
            />
            <span id="validTo-hint" className="hint">
              leave empty to let it hold until the next status starts
            </span>
            <FieldError field="validTo" />
          </div>
        </div>
        <div className="field wide" style={{ marginTop: '.75rem' }}>
          <label htmlFor="reason">Reason for the change</label>
          <textarea
            id="reason"
            value={values.reason}
            onChange={(e) => update('reason', { reason: e.target.value })}
            {...invalid('reason')}
          />
          <FieldError field="reason" />
        </div>
      </fieldset>

      <fieldset>
        <legend>Constraints (OCHA access monitoring framework)</legend>
        <div className="checkboxes">
          {Object.entries(CONSTRAINT_CATEGORIES).map(([code, label]) => (
            <label key={code}>
              <input
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
              {code}. {label}
            </label>
          ))}
        </div>
        <div className="form-grid" style={{ marginTop: '.75rem' }}>
          <div className="field">
            <label htmlFor="severity">Severity (ACAPS, optional)</label>
            <select
              id="severity"
              value={values.severity}
              onChange={(e) => update('severity', { severity: e.target.value })}
            >
              <option value="">Not assessed</option>
              {Object.entries(SEVERITY_LABELS).map(([code, label]) => (
                <option key={code} value={code}>
                  {code} — {label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="sensitivity">Sensitivity</label>
            <select
              id="sensitivity"
              value={values.sensitivity}
              onChange={(e) => update('sensitivity', { sensitivity: e.target.value })}
              {...invalid('sensitivity')}
            >
              {sensitivities.map((level) => (
                <option key={level} value={level}>
                  {level}
                </option>
              ))}
            </select>
            <FieldError field="sensitivity" />
          </div>
          {props.role === 'EDITOR' && (
            <div className="field">
              <label htmlFor="reviewState">Save as</label>
              <select
                id="reviewState"
                value={values.reviewState}
                onChange={(e) => update('reviewState', { reviewState: e.target.value })}
              >
                <option value="SUBMITTED">Submitted for review</option>
                <option value="DRAFT">Draft</option>
              </select>
            </div>
          )}
        </div>
      </fieldset>

      <fieldset>
        <legend>Terms</legend>
        {values.terms.length === 0 && <p className="muted">No terms attached.</p>}
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
              <label htmlFor={`terms.${index}.type`}>Term {index + 1}: type</label>
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
                    {TERM_TYPE_LABELS[type]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`terms.${index}.grantingPartyId`}>Granted by</label>
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
                <option value="">Not named</option>
                {props.parties.map((party) => (
                  <option key={party.id} value={party.id}>
                    {party.name}
                  </option>
                ))}
              </select>
              <FieldError field={`terms.${index}.grantingPartyId`} />
            </div>
            <div className="field">
              <label htmlFor={`terms.${index}.legalReference`}>Legal reference</label>
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
              />
            </div>
            <div className="field">
              <label htmlFor={`terms.${index}.note`}>Note</label>
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
              />
            </div>
            <div>
              <button
                type="button"
                className="secondary"
                onClick={() =>
                  update('terms', { terms: values.terms.filter((_, i) => i !== index) })
                }
              >
                Remove term {index + 1}
              </button>
            </div>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => update('terms', { terms: [...values.terms, { ...EMPTY_TERM }] })}
        >
          Add a term
        </button>
      </fieldset>

      <fieldset>
        <legend>Sources</legend>
        {values.sources.length === 0 && <p className="muted">No sources cited.</p>}
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
              <label htmlFor={`sources.${index}.title`}>Source {index + 1}: title</label>
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
                {...invalid(`sources.${index}.title`)}
              />
              <FieldError field={`sources.${index}.title`} />
            </div>
            <div className="field">
              <label htmlFor={`sources.${index}.publisher`}>Publisher</label>
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
              />
            </div>
            <div className="field">
              <label htmlFor={`sources.${index}.url`}>Address (URL)</label>
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
                {...invalid(`sources.${index}.url`)}
              />
              <FieldError field={`sources.${index}.url`} />
            </div>
            <div className="field">
              <label htmlFor={`sources.${index}.publishedOn`}>Published on</label>
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
                Remove source {index + 1}
              </button>
            </div>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => update('sources', { sources: [...values.sources, { ...EMPTY_SOURCE }] })}
        >
          Add a source
        </button>
      </fieldset>

      <p>
        <button type="submit" disabled={busy}>
          {busy
            ? 'Saving…'
            : props.mode === 'record'
              ? 'Record this status'
              : 'Save the correction'}
        </button>
      </p>
    </form>
  );
}
