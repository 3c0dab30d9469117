'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import {
  CONSTRAINT_CATEGORIES,
  DESCRIPTION_MAX_LENGTH,
  INCIDENT_IMPACTS,
  INCIDENT_SUB_TYPES,
  NAME_MAX_LENGTH,
  NOTE_MAX_LENGTH,
  ORGANIZATION_TYPES,
  PERPETRATOR_CATEGORIES,
  SECTORS,
  SENSITIVITIES,
  TITLE_MAX_LENGTH,
  URL_MAX_LENGTH,
  ZIncidentCorrection,
  ZIncidentRecord,
  type TIncidentVersion,
  type TSensitivity,
} from '@access/contracts';
import { send, type ApiProblem } from '@/lib/client-api';
import {
  apiProblems,
  useErrorText,
  zodProblems,
  type ErrorItem,
  type ErrorText,
  type FieldProblem,
} from '@/lib/error-text';
import {
  INCIDENT_FIELD_ORDER,
  incidentFieldText,
  incidentFormLabels,
  incidentLabels,
  type IncidentFormTranslator,
} from '@/lib/incident-text';
import { ErrorSummary, enterMovesOn } from './error-summary';
import { SearchCombobox } from './search-combobox';
import { ReadyFieldset } from './ready-fieldset';
import { useTextLimits } from './text-limit';

interface Option {
  id: string;
  label: string;
}
interface SourceRow {
  title: string;
  publisher: string;
  url: string;
  publishedOn: string;
}
export interface IncidentFormValues {
  organizationId: string;
  occurredOn: string;
  occurredTime: string;
  area: Option | null;
  category: string;
  subType: string;
  impacts: string[];
  sectors: string[];
  affectedOrganizations: Option[];
  affectedOrganizationTypes: number[];
  peopleAffected: string;
  perpetrator: string;
  description: string;
  correctionNote: string;
  sources: SourceRow[];
  sensitivity: string;
  reviewState: string;
}

interface Props {
  mode: 'record' | 'correct';
  csrfToken: string;
  role: string;
  clearance: TSensitivity;
  /** the organisations the user may record for (an editor: their own) */
  organizations: Option[];
  initial?: Partial<IncidentFormValues>;
  /** the version being corrected, and its ETag as read (sent as If-Match) */
  versionId?: string;
  etag?: string;
}

const EMPTY_SOURCE: SourceRow = { title: '', publisher: '', url: '', publishedOn: '' };
const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** Today in the user's own calendar, as YYYY-MM-DD (a date input's value). */
function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** What the API receives: empty optional fields become null, numbers become numbers. */
function toBody(values: IncidentFormValues, mode: Props['mode']) {
  const people = values.peopleAffected.trim();
  const body = {
    occurredOn: values.occurredOn,
    occurredTime: orNull(values.occurredTime),
    areaId: values.area?.id ?? '',
    category: values.category === '' ? 0 : Number(values.category),
    subType: values.subType,
    impacts: values.impacts,
    sectors: values.sectors,
    affectedOrganizationIds: values.affectedOrganizations.map((organization) => organization.id),
    affectedOrganizationTypes: values.affectedOrganizationTypes,
    // a number the API checks; text that is no number stays text, so the check says so
    peopleAffected: people === '' ? null : /^\d+$/.test(people) ? Number(people) : people,
    perpetrator: values.perpetrator === '' ? null : values.perpetrator,
    description: values.description,
    sources: values.sources.map((source) => ({
      title: source.title,
      publisher: orNull(source.publisher),
      url: orNull(source.url),
      publishedOn: orNull(source.publishedOn),
    })),
    sensitivity: values.sensitivity,
    ...(values.reviewState ? { reviewState: values.reviewState } : {}),
  };
  return mode === 'record'
    ? { organizationId: values.organizationId, ...body }
    : { ...body, correctionNote: orNull(values.correctionNote) };
}

/** The value a field path points at, to tell an empty field from a wrong one. */
function valueAt(values: IncidentFormValues, field: string): unknown {
  if (field === 'areaId') return values.area?.id ?? '';
  if (field === 'category' || field === 'subType') return values[field];
  let current: unknown = values;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Problems in words, in the form's order: incident fields say what to do in their own words. */
function itemsOf(
  errorItems: ErrorText['errorItems'],
  t: IncidentFormTranslator,
  problems: FieldProblem[],
  values: IncidentFormValues,
): ErrorItem[] {
  const messages = new Map(problems.map((problem) => [problem.field, problem.message]));
  return errorItems(problems, {
    labels: incidentFormLabels(t),
    values: (field) => valueAt(values, field),
    order: INCIDENT_FIELD_ORDER,
  }).map((item) => ({
    ...item,
    text: incidentFieldText(
      t,
      item.field,
      valueAt(values, item.field),
      item.text,
      messages.get(item.field),
    ),
  }));
}

/** The element an error links to: a list's first box, a source's own field. */
const elementId = (field: string) =>
  field.startsWith('sources.') ? field : (field.split('.')[0] ?? field);

/**
 * Record an incident, or correct one: the same schemas the API checks with say what is
 * missing as you go; the API's own refusals appear beside their fields, and nothing typed is
 * lost when the server says no. Works on a 390 px phone: one column, no wide controls.
 */
export function IncidentForm(props: Props) {
  const router = useRouter();
  const t = useTranslations('incidentForm');
  const tc = useTranslations('codes');
  const labels = incidentLabels(tc);
  const { errorItems, problemText } = useErrorText();
  const sensitivities = SENSITIVITIES.slice(0, SENSITIVITIES.indexOf(props.clearance) + 1);
  const [values, setValues] = useState<IncidentFormValues>({
    organizationId: props.organizations.length === 1 ? props.organizations[0]!.id : '',
    occurredOn: localToday(),
    occurredTime: '',
    area: null,
    category: '',
    subType: '',
    impacts: [],
    sectors: [],
    affectedOrganizations: [],
    affectedOrganizationTypes: [],
    peopleAffected: '',
    perpetrator: '',
    description: '',
    correctionNote: '',
    sources: [],
    sensitivity: sensitivities.includes('MODERATE') ? 'MODERATE' : sensitivities[0]!,
    reviewState: props.role === 'EDITOR' ? 'SUBMITTED' : '',
    ...props.initial,
  });
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [summary, setSummary] = useState<ErrorItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const limits = useTextLimits();

  const clientItems = useMemo(() => {
    const schema = props.mode === 'record' ? ZIncidentRecord : ZIncidentCorrection;
    const parsed = schema.safeParse(toBody(values, props.mode));
    // without a category there is no list of sub-types yet: the category's error says it all
    const problems = (parsed.success ? [] : zodProblems(parsed.error.issues)).filter(
      (problem) => values.category !== '' || problem.field !== 'subType',
    );
    // zod skips the sub-type rule when another field fails early: say it as soon as it is missing
    if (
      values.category !== '' &&
      values.subType === '' &&
      !problems.some((p) => p.field === 'subType')
    )
      problems.push({ field: 'subType', message: 'is not a sub-type of this category' });
    return itemsOf(errorItems, t, problems, values);
  }, [values, props.mode, errorItems, t]);
  const clientErrors = useMemo(
    () => Object.fromEntries(clientItems.map((item) => [elementId(item.field), item.text])),
    [clientItems],
  );

  const errorFor = (field: string) =>
    serverErrors[field] ?? (submitted || touched.has(field) ? clientErrors[field] : undefined);
  const update = (field: string, patch: Partial<IncidentFormValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    setTouched((current) => new Set(current).add(field));
    setServerErrors((current) => {
      const next = { ...current };
      delete next[field];
      return next;
    });
  };
  const invalid = (field: string, hintId?: string) => {
    const describedBy = [
      hintId,
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
  const fieldError = (field: string) =>
    errorFor(field) ? (
      <div id={`${field}-error`} className="field-error">
        <span className="visually-hidden">{t('errorPrefix')} </span>
        {errorFor(field)}
      </div>
    ) : null;
  const toggle = <T,>(list: T[], item: T, on: boolean) =>
    on ? [...list, item] : list.filter((value) => value !== item);

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
    const result = await send<TIncidentVersion>(
      'POST',
      props.mode === 'record' ? '/incidents' : `/incidents/versions/${props.versionId}/corrections`,
      props.csrfToken,
      toBody(values, props.mode),
      props.etag ? { 'if-match': props.etag } : {},
    );
    if (result.ok) {
      router.push(`/incidents/${result.data.incidentId}/saved?version=${result.data.id}`);
      router.refresh();
      return;
    }
    setBusy(false);
    const items = itemsOf(errorItems, t, apiProblems(result.problem), values);
    setProblem(result.problem);
    setSummary(items);
    setServerErrors(Object.fromEntries(items.map((item) => [elementId(item.field), item.text])));
    setAttempt((n) => n + 1);
  }

  const category = values.category === '' ? null : Number(values.category);
  const subTypes = category
    ? Object.keys(INCIDENT_SUB_TYPES[category as keyof typeof INCIDENT_SUB_TYPES])
    : [];

  const checkboxList = <T extends string | number>(
    field: string,
    options: readonly T[],
    chosen: T[],
    label: (option: T) => ReactNode,
    set: (next: T[]) => Partial<IncidentFormValues>,
  ) => (
    <div className="checkboxes">
      {options.map((option, index) => (
        <label key={option}>
          <input
            id={index === 0 ? field : `${field}-${option}`}
            type="checkbox"
            checked={chosen.includes(option)}
            onChange={(e) => update(field, set(toggle(chosen, option, e.target.checked)))}
          />
          {label(option)}
        </label>
      ))}
    </div>
  );

  return (
    <form
      onSubmit={submit}
      onKeyDown={enterMovesOn}
      noValidate
      aria-label={props.mode === 'record' ? t('formRecord') : t('formCorrect')}
    >
      <ReadyFieldset>
        <ErrorSummary
          items={summary}
          attempt={attempt}
          idFor={elementId}
          message={
            problem && (summary.length === 0 || problem.code !== 'VALIDATION_FAILED')
              ? problemText(problem)
              : null
          }
        />

        <fieldset>
          <legend>{t('whenAndWhere')}</legend>
          <div className="form-grid">
            {props.mode === 'record' && (
              <div className="field">
                <label htmlFor="organizationId">{t('recordedBy')}</label>
                <select
                  id="organizationId"
                  value={values.organizationId}
                  onChange={(e) => update('organizationId', { organizationId: e.target.value })}
                  {...invalid('organizationId')}
                >
                  <option value="">{t('choose')}</option>
                  {props.organizations.map((organization) => (
                    <option key={organization.id} value={organization.id}>
                      {organization.label}
                    </option>
                  ))}
                </select>
                {fieldError('organizationId')}
              </div>
            )}
            <div className="field">
              <label htmlFor="occurredOn">{t('occurredOn')}</label>
              <input
                id="occurredOn"
                type="date"
                max={localToday()}
                value={values.occurredOn}
                onChange={(e) => update('occurredOn', { occurredOn: e.target.value })}
                {...invalid('occurredOn')}
              />
              {fieldError('occurredOn')}
            </div>
            <div className="field">
              <label htmlFor="occurredTime">{t('occurredTime')}</label>
              <input
                id="occurredTime"
                type="time"
                value={values.occurredTime}
                onChange={(e) => update('occurredTime', { occurredTime: e.target.value })}
                {...invalid('occurredTime', 'occurredTime-hint')}
              />
              <span id="occurredTime-hint" className="hint">
                {t('occurredTimeHint')}
              </span>
              {fieldError('occurredTime')}
            </div>
            <SearchCombobox
              name="areaId"
              inputId="areaId"
              label={t('area')}
              kind="areas"
              emptyLabel={t('areaEmpty')}
              hint={t('areaHint')}
              selected={values.area}
              onChoose={(option) =>
                update('areaId', { area: option ? { id: option.id, label: option.label } : null })
              }
              errorId={errorFor('areaId') ? 'areaId-error' : undefined}
            />
          </div>
          {fieldError('areaId')}
        </fieldset>

        <fieldset {...invalid('category')}>
          <legend>{t('category')}</legend>
          <div className="checkboxes">
            {Object.keys(CONSTRAINT_CATEGORIES).map((code, index) => (
              <label key={code}>
                <input
                  id={index === 0 ? 'category' : `category-${code}`}
                  type="radio"
                  name="category"
                  value={code}
                  checked={values.category === code}
                  onChange={() => update('category', { category: code, subType: '' })}
                />
                {code}. {labels.category(Number(code))}
              </label>
            ))}
          </div>
          {fieldError('category')}
        </fieldset>

        <fieldset {...invalid('subType')}>
          <legend>{t('subType')}</legend>
          {category === null ? (
            <p className="muted" id="subType" tabIndex={-1}>
              {t('chooseCategoryFirst')}
            </p>
          ) : (
            <div className="checkboxes">
              {subTypes.map((code, index) => (
                <label key={code}>
                  <input
                    id={index === 0 ? 'subType' : `subType-${code}`}
                    type="radio"
                    name="subType"
                    value={code}
                    checked={values.subType === code}
                    onChange={() => update('subType', { subType: code })}
                  />
                  {labels.subType(category, code)}
                </label>
              ))}
            </div>
          )}
          {fieldError('subType')}
        </fieldset>

        <fieldset>
          <legend>{t('impacts')}</legend>
          {checkboxList(
            'impacts',
            INCIDENT_IMPACTS,
            values.impacts as (typeof INCIDENT_IMPACTS)[number][],
            labels.impact,
            (impacts) => ({ impacts }),
          )}
          {fieldError('impacts')}
        </fieldset>

        <fieldset>
          <legend>{t('sectors')}</legend>
          {checkboxList(
            'sectors',
            SECTORS,
            values.sectors as (typeof SECTORS)[number][],
            (sector) => (
              <span>
                {labels.sector(sector)}{' '}
                <span className="muted">({sector.replaceAll('_', '-')})</span>
              </span>
            ),
            (sectors) => ({ sectors }),
          )}
          {fieldError('sectors')}
        </fieldset>

        <fieldset>
          <legend>{t('whoAffected')}</legend>
          <SearchCombobox
            name="affectedOrganization"
            inputId="affectedOrganizationIds"
            label={t('organizationsAffected')}
            kind="organizations"
            emptyLabel={t('organizationsEmpty')}
            hint={t('organizationsHint')}
            clearOnChoose
            onChoose={(option) => {
              if (!option || values.affectedOrganizations.some((o) => o.id === option.id)) return;
              update('affectedOrganizationIds', {
                affectedOrganizations: [
                  ...values.affectedOrganizations,
                  { id: option.id, label: option.label },
                ],
              });
            }}
            errorId={
              errorFor('affectedOrganizationIds') ? 'affectedOrganizationIds-error' : undefined
            }
          />
          {values.affectedOrganizations.length > 0 && (
            <ul className="chosen-list" aria-label={t('organizationsAffected')}>
              {values.affectedOrganizations.map((organization) => (
                <li key={organization.id}>
                  <span>{organization.label}</span>{' '}
                  <button
                    type="button"
                    className="secondary"
                    onClick={() =>
                      update('affectedOrganizationIds', {
                        affectedOrganizations: values.affectedOrganizations.filter(
                          (o) => o.id !== organization.id,
                        ),
                      })
                    }
                  >
                    {t.rich('removeOrganization', {
                      name: organization.label,
                      hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
                    })}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {fieldError('affectedOrganizationIds')}
          <fieldset className="nested">
            <legend>{t('organizationTypes')}</legend>
            {checkboxList(
              'affectedOrganizationTypes',
              Object.keys(ORGANIZATION_TYPES).map(Number),
              values.affectedOrganizationTypes,
              labels.organizationType,
              (affectedOrganizationTypes) => ({ affectedOrganizationTypes }),
            )}
            <span className="hint">{t('organizationTypesHint')}</span>
            {fieldError('affectedOrganizationTypes')}
          </fieldset>
          <div className="form-grid" style={{ marginTop: '.75rem' }}>
            <div className="field">
              <label htmlFor="peopleAffected">{t('peopleAffected')}</label>
              <input
                id="peopleAffected"
                inputMode="numeric"
                autoComplete="off"
                value={values.peopleAffected}
                onChange={(e) => update('peopleAffected', { peopleAffected: e.target.value })}
                {...invalid('peopleAffected', 'peopleAffected-hint')}
              />
              <span id="peopleAffected-hint" className="hint">
                {t('peopleAffectedHint')}
              </span>
              {fieldError('peopleAffected')}
            </div>
            <div className="field">
              <label htmlFor="perpetrator">{t('perpetrator')}</label>
              <select
                id="perpetrator"
                value={values.perpetrator}
                onChange={(e) => update('perpetrator', { perpetrator: e.target.value })}
                {...invalid('perpetrator', 'perpetrator-hint')}
              >
                <option value="">{t('notApplicable')}</option>
                {PERPETRATOR_CATEGORIES.map((perpetrator) => (
                  <option key={perpetrator} value={perpetrator}>
                    {labels.perpetrator(perpetrator)}
                  </option>
                ))}
              </select>
              <span id="perpetrator-hint" className="hint">
                {t('perpetratorHint')}
              </span>
              {fieldError('perpetrator')}
            </div>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('inWords')}</legend>
          <div className="field wide">
            <label htmlFor="description">{t('description')}</label>
            <span id="description-hint" className="hint">
              {t('descriptionHint')}
            </span>
            <textarea
              id="description"
              rows={5}
              value={values.description}
              onChange={(e) => update('description', { description: e.target.value })}
              {...limits.limit('description', DESCRIPTION_MAX_LENGTH)}
              {...invalid('description', 'description-hint')}
            />
            {fieldError('description')}
            {limits.notice('description', t('description'), DESCRIPTION_MAX_LENGTH)}
          </div>
          {props.mode === 'correct' && (
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
              {fieldError('correctionNote')}
              {limits.notice('correctionNote', t('correctionNote'), NOTE_MAX_LENGTH)}
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>{t('sources')}</legend>
          {values.sources.length === 0 && <p className="muted">{t('noSources')}</p>}
          {values.sources.map((source, index) => {
            const set = (key: keyof SourceRow, value: string) =>
              update(`sources.${index}.${key}`, {
                sources: values.sources.map((s, i) => (i === index ? { ...s, [key]: value } : s)),
              });
            return (
              <div key={index} className="form-grid source-row">
                <div className="field">
                  <label htmlFor={`sources.${index}.title`}>
                    {t('sourceTitle', { n: index + 1 })}
                  </label>
                  <input
                    id={`sources.${index}.title`}
                    value={source.title}
                    onChange={(e) => set('title', e.target.value)}
                    {...limits.limit(`sources.${index}.title`, TITLE_MAX_LENGTH)}
                    {...invalid(`sources.${index}.title`)}
                  />
                  {fieldError(`sources.${index}.title`)}
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
                    onChange={(e) => set('publisher', e.target.value)}
                    {...limits.limit(`sources.${index}.publisher`, NAME_MAX_LENGTH)}
                    {...invalid(`sources.${index}.publisher`)}
                  />
                  {fieldError(`sources.${index}.publisher`)}
                  {limits.notice(`sources.${index}.publisher`, t('publisher'), NAME_MAX_LENGTH)}
                </div>
                <div className="field">
                  <label htmlFor={`sources.${index}.url`}>{t('url')}</label>
                  <input
                    id={`sources.${index}.url`}
                    type="url"
                    value={source.url}
                    onChange={(e) => set('url', e.target.value)}
                    {...limits.limit(`sources.${index}.url`, URL_MAX_LENGTH)}
                    {...invalid(`sources.${index}.url`)}
                  />
                  {fieldError(`sources.${index}.url`)}
                  {limits.notice(`sources.${index}.url`, t('url'), URL_MAX_LENGTH)}
                </div>
                <div className="field">
                  <label htmlFor={`sources.${index}.publishedOn`}>{t('publishedOn')}</label>
                  <input
                    id={`sources.${index}.publishedOn`}
                    type="date"
                    value={source.publishedOn}
                    onChange={(e) => set('publishedOn', e.target.value)}
                    {...invalid(`sources.${index}.publishedOn`)}
                  />
                  {fieldError(`sources.${index}.publishedOn`)}
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
            );
          })}
          <button
            type="button"
            className="secondary"
            onClick={() => update('sources', { sources: [...values.sources, { ...EMPTY_SOURCE }] })}
          >
            {t('addSource')}
          </button>
        </fieldset>

        <fieldset>
          <legend>{t('whoMaySee')}</legend>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="sensitivity">{t('sensitivity')}</label>
              <select
                id="sensitivity"
                value={values.sensitivity}
                onChange={(e) => update('sensitivity', { sensitivity: e.target.value })}
                {...invalid('sensitivity', 'sensitivity-hint')}
              >
                {sensitivities.map((level) => (
                  <option key={level} value={level}>
                    {tc(`sensitivity.${level}`)}
                  </option>
                ))}
              </select>
              <span id="sensitivity-hint" className="hint">
                {t('sensitivityHint')}
              </span>
              {fieldError('sensitivity')}
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

        <p>
          <button type="submit" disabled={busy}>
            {busy ? t('saving') : props.mode === 'record' ? t('record') : t('saveCorrection')}
          </button>
        </p>
      </ReadyFieldset>
    </form>
  );
}
