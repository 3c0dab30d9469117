'use client';

import { useRouter } from 'next/navigation';
import { useRequestText } from '@/lib/request-text';
import {
  CONSENT_STANCES,
  NOTE_MAX_LENGTH,
  SENSITIVITIES,
  TERM_TYPES,
  TERM_TYPE_LABELS,
  TITLE_MAX_LENGTH,
  ZConsentPositionRecord,
  type TConsentPositionVersion,
  type TConsentStance,
  type TSensitivity,
} from '@access/contracts';
import { ErrorSummary, enterMovesOn } from '@/components/error-summary';
import { useTextLimits } from '@/components/text-limit';
import { stanceLook } from '@/lib/request-style';
import {
  FieldError,
  SourcesFieldset,
  WhoMaySeeFieldset,
  invalidProps,
  localToday,
  orNull,
  sourcesBody,
  useRequestForm,
  elementId,
  type SourceRow,
} from './form-kit';
import styles from './requests.module.css';
import { ReadyFieldset } from '../ready-fieldset';

interface ConditionRow {
  type: string;
  grantingPartyId: string;
  legalReference: string;
  note: string;
}
interface Values {
  partyId: string;
  stance: TConsentStance | '';
  statedOn: string;
  reason: string;
  conditions: ConditionRow[];
  sources: SourceRow[];
  sensitivity: string;
  reviewState: string;
}
const ORDER = [
  'partyId',
  'stance',
  'statedOn',
  'reason',
  'conditions',
  'sources',
  'sensitivity',
  'reviewState',
];

/**
 * Record a party's answer on a request, made for a phone: the party and the answer are big
 * radio rows (one tap, or arrow keys), the date defaults to today, the conditions appear only
 * for a consent granted with conditions. The API's schema checks as you go; its refusals
 * appear beside their fields.
 */
export function PositionForm(props: {
  requestId: string;
  csrfToken: string;
  role: string;
  clearance: TSensitivity;
  /** the parties whose consent the request needs (the answer is one of theirs) */
  parties: { id: string; name: string }[];
  /** a party to start with (from the board's row) */
  partyId?: string;
  /** the request's sensitivity: an answer starts at the same level when the user may */
  sensitivity: TSensitivity;
}) {
  const t = useRequestText();
  const router = useRouter();
  const sensitivities = SENSITIVITIES.slice(0, SENSITIVITIES.indexOf(props.clearance) + 1);
  const labels: Record<string, string> = {
    partyId: t('form.party'),
    stance: t('form.stance'),
    statedOn: t('form.statedOn'),
    reason: t('form.reason'),
    conditions: t('form.conditions'),
    sensitivity: t('form.sensitivity'),
    reviewState: t('form.reviewState'),
  };
  const form = useRequestForm<Values, ReturnType<typeof toBody>, TConsentPositionVersion>({
    initial: {
      partyId:
        props.partyId && props.parties.some((party) => party.id === props.partyId)
          ? props.partyId
          : props.parties.length === 1
            ? props.parties[0]!.id
            : '',
      stance: '',
      statedOn: localToday(),
      reason: '',
      conditions: [],
      sources: [],
      sensitivity: sensitivities.includes(props.sensitivity)
        ? props.sensitivity
        : sensitivities.at(-1)!,
      reviewState: props.role === 'EDITOR' ? 'SUBMITTED' : '',
    },
    schema: ZConsentPositionRecord,
    toBody,
    labels,
    order: ORDER,
    text: (field, values, fallback) => {
      if (field === 'partyId') return t('form.problems.partyId');
      if (field === 'stance') return t('form.problems.stance');
      if (field === 'statedOn' && values.statedOn === '') return t('form.problems.statedOn');
      if (field === 'conditions') return t('form.problems.conditions');
      return fallback;
    },
    request: () => ({
      method: 'POST',
      path: `/access-requests/${props.requestId}/positions`,
      csrfToken: props.csrfToken,
    }),
    onSaved: (saved) => {
      router.push(`/requests/${props.requestId}?saved=${saved.id}`);
      router.refresh();
    },
  });
  const { values, update, errorFor } = form;
  const limits = useTextLimits();
  const invalid = invalidProps(errorFor, limits);
  const setCondition = (index: number, key: keyof ConditionRow, value: string) =>
    update(`conditions.${index}.${key}`, {
      conditions: values.conditions.map((c, i) => (i === index ? { ...c, [key]: value } : c)),
    });

  return (
    <form
      onSubmit={form.submit}
      onKeyDown={enterMovesOn}
      noValidate
      aria-label={t('form.answerTitle')}
    >
      <ReadyFieldset>
        <ErrorSummary
          items={form.summary}
          attempt={form.attempt}
          idFor={elementId}
          message={form.summaryMessage}
        />
        <fieldset {...invalid('partyId')}>
          <legend>{labels.partyId}</legend>
          <div className={styles.choices}>
            {props.parties.map((party, index) => (
              <label key={party.id}>
                <input
                  id={index === 0 ? 'partyId' : `partyId-${party.id}`}
                  type="radio"
                  name="partyId"
                  value={party.id}
                  checked={values.partyId === party.id}
                  onChange={() => update('partyId', { partyId: party.id })}
                />
                {party.name}
              </label>
            ))}
          </div>
          <FieldError field="partyId" error={errorFor('partyId')} />
        </fieldset>

        <fieldset {...invalid('stance')}>
          <legend>{labels.stance}</legend>
          <div className={styles.choices}>
            {CONSENT_STANCES.map((stance, index) => {
              const look = stanceLook(stance);
              return (
                <label key={stance}>
                  <input
                    id={index === 0 ? 'stance' : `stance-${stance}`}
                    type="radio"
                    name="stance"
                    value={stance}
                    checked={values.stance === stance}
                    onChange={() =>
                      update('stance', {
                        stance,
                        conditions:
                          stance === 'GRANTED_WITH_CONDITIONS' && values.conditions.length === 0
                            ? [
                                {
                                  type: 'OTHER',
                                  grantingPartyId: values.partyId,
                                  legalReference: '',
                                  note: '',
                                },
                              ]
                            : values.conditions,
                      })
                    }
                  />
                  <span className={`${styles.swatch} ${look.fill}`} aria-hidden="true" />
                  <span aria-hidden="true">{look.symbol}</span>
                  <span>
                    {t(`stance.${stance}`)}
                    <span className="hint"> — {t(`stanceHint.${stance}`)}</span>
                  </span>
                </label>
              );
            })}
          </div>
          <FieldError field="stance" error={errorFor('stance')} />
        </fieldset>

        <fieldset>
          <legend>{t('form.whenAndWhy')}</legend>
          <div className="field">
            <label htmlFor="statedOn">{labels.statedOn}</label>
            <input
              id="statedOn"
              type="date"
              value={values.statedOn}
              onChange={(e) => update('statedOn', { statedOn: e.target.value })}
              {...invalid('statedOn', 'statedOn-hint')}
            />
            <span id="statedOn-hint" className="hint">
              {t('form.statedOnHint')}
            </span>
            <FieldError field="statedOn" error={errorFor('statedOn')} />
          </div>
          <div className="field wide" style={{ marginTop: '.75rem' }}>
            <label htmlFor="reason">{labels.reason}</label>
            <span id="reason-hint" className="hint">
              {t('form.reasonHint')}
            </span>
            <textarea
              id="reason"
              rows={3}
              value={values.reason}
              onChange={(e) => update('reason', { reason: e.target.value })}
              {...limits.limit('reason', NOTE_MAX_LENGTH)}
              {...invalid('reason', 'reason-hint')}
            />
            <FieldError field="reason" error={errorFor('reason')} />
            {limits.notice('reason', labels.reason!, NOTE_MAX_LENGTH)}
          </div>
        </fieldset>

        {values.stance === 'GRANTED_WITH_CONDITIONS' && (
          <fieldset {...invalid('conditions')}>
            <legend>{labels.conditions}</legend>
            {values.conditions.map((condition, index) => {
              const id = (key: string) => `conditions.${index}.${key}`;
              return (
                <div key={index} className="form-grid source-row">
                  <div className="field">
                    <label htmlFor={id('type')}>{t('form.conditionType', { n: index + 1 })}</label>
                    <select
                      id={id('type')}
                      value={condition.type}
                      onChange={(e) => setCondition(index, 'type', e.target.value)}
                      {...invalid(id('type'))}
                    >
                      {TERM_TYPES.map((type) => (
                        <option key={type} value={type}>
                          {TERM_TYPE_LABELS[type]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor={id('note')}>{t('form.conditionNote')}</label>
                    <input
                      id={id('note')}
                      value={condition.note}
                      onChange={(e) => setCondition(index, 'note', e.target.value)}
                      {...limits.limit(id('note'), NOTE_MAX_LENGTH)}
                      {...invalid(id('note'))}
                    />
                    <FieldError field={id('note')} error={errorFor(id('note'))} />
                    {limits.notice(id('note'), t('form.conditionNote'), NOTE_MAX_LENGTH)}
                  </div>
                  <div className="field">
                    <label htmlFor={id('legalReference')}>{t('form.conditionReference')}</label>
                    <input
                      id={id('legalReference')}
                      value={condition.legalReference}
                      onChange={(e) => setCondition(index, 'legalReference', e.target.value)}
                      {...limits.limit(id('legalReference'), TITLE_MAX_LENGTH)}
                      {...invalid(id('legalReference'))}
                    />
                    <FieldError
                      field={id('legalReference')}
                      error={errorFor(id('legalReference'))}
                    />
                    {limits.notice(
                      id('legalReference'),
                      t('form.conditionReference'),
                      TITLE_MAX_LENGTH,
                    )}
                  </div>
                  <div>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() =>
                        update('conditions', {
                          conditions: values.conditions.filter((_, i) => i !== index),
                        })
                      }
                    >
                      {t('form.removeCondition', { n: index + 1 })}
                    </button>
                  </div>
                </div>
              );
            })}
            <button
              type="button"
              className="secondary"
              onClick={() =>
                update('conditions', {
                  conditions: [
                    ...values.conditions,
                    {
                      type: 'OTHER',
                      grantingPartyId: values.partyId,
                      legalReference: '',
                      note: '',
                    },
                  ],
                })
              }
            >
              {t('form.addCondition')}
            </button>
            <FieldError field="conditions" error={errorFor('conditions')} />
          </fieldset>
        )}

        <SourcesFieldset
          sources={values.sources}
          set={(field, sources) => update(field, { sources })}
          errorFor={errorFor}
        />

        <WhoMaySeeFieldset
          sensitivities={sensitivities}
          role={props.role}
          sensitivity={values.sensitivity}
          reviewState={values.reviewState}
          labels={labels}
          update={(field, value) => update(field, { [field]: value })}
          errorFor={errorFor}
        />

        <p>
          <button type="submit" disabled={form.busy}>
            {form.busy ? t('form.saving') : t('form.saveAnswer')}
          </button>
        </p>
      </ReadyFieldset>
    </form>
  );
}

/** What the API receives: conditions only with a consent granted with conditions. */
function toBody(values: Values) {
  return {
    partyId: values.partyId,
    stance: values.stance,
    statedOn: values.statedOn,
    reason: orNull(values.reason),
    conditions:
      values.stance === 'GRANTED_WITH_CONDITIONS'
        ? values.conditions.map((condition) => ({
            type: condition.type,
            grantingPartyId: orNull(condition.grantingPartyId),
            legalReference: orNull(condition.legalReference),
            note: orNull(condition.note),
          }))
        : [],
    sources: sourcesBody(values.sources),
    sensitivity: values.sensitivity,
    ...(values.reviewState ? { reviewState: values.reviewState } : {}),
  };
}
