'use client';

import { useRouter } from 'next/navigation';
import { useRequestText } from '@/lib/request-text';
import {
  ACCESS_REQUEST_KINDS,
  NOTE_MAX_LENGTH,
  SENSITIVITIES,
  ZAccessRequestCreate,
  type TAccessRequestKind,
  type TAccessRequestVersion,
  type TSensitivity,
} from '@access/contracts';
import { ErrorSummary, enterMovesOn } from '@/components/error-summary';
import { SearchCombobox } from '@/components/search-combobox';
import { useTextLimits } from '@/components/text-limit';
import {
  FieldError,
  SourcesFieldset,
  WhoMaySeeFieldset,
  elementId,
  invalidProps,
  localToday,
  orNull,
  sourcesBody,
  useRequestForm,
  type SourceRow,
} from './form-kit';
import styles from './requests.module.css';
import { ReadyFieldset } from '../ready-fieldset';

interface Option {
  id: string;
  label: string;
}
interface Values {
  organizationId: string;
  otherOrganizations: Option[];
  kind: TAccessRequestKind | '';
  area: Option | null;
  requestedOn: string;
  periodFrom: string;
  periodTo: string;
  purpose: string;
  neededPartyIds: string[];
  sources: SourceRow[];
  sensitivity: string;
  reviewState: string;
}
const ORDER = [
  'organizationId',
  'otherOrganizationIds',
  'kind',
  'areaId',
  'requestedOn',
  'periodFrom',
  'periodTo',
  'purpose',
  'neededPartyIds',
  'sources',
  'sensitivity',
  'reviewState',
];

function toBody(values: Values) {
  return {
    organizationId: values.organizationId,
    otherOrganizationIds: values.otherOrganizations.map((organization) => organization.id),
    kind: values.kind,
    areaId: values.area?.id ?? '',
    requestedOn: values.requestedOn,
    periodFrom: orNull(values.periodFrom),
    periodTo: orNull(values.periodTo),
    purpose: values.purpose,
    neededPartyIds: values.neededPartyIds,
    sources: sourcesBody(values.sources),
    sensitivity: values.sensitivity,
    ...(values.reviewState ? { reviewState: values.reviewState } : {}),
  };
}

/** Record a request for access: who asks, for what, where, and whose consent it needs. */
export function RequestForm(props: {
  csrfToken: string;
  role: string;
  clearance: TSensitivity;
  organizations: Option[];
  parties: Option[];
}) {
  const t = useRequestText();
  const router = useRouter();
  const sensitivities = SENSITIVITIES.slice(0, SENSITIVITIES.indexOf(props.clearance) + 1);
  const labels: Record<string, string> = {
    organizationId: t('form.organization'),
    otherOrganizationIds: t('form.otherOrganizations'),
    kind: t('form.kind'),
    areaId: t('form.area'),
    requestedOn: t('form.requestedOn'),
    periodFrom: t('form.periodFrom'),
    periodTo: t('form.periodTo'),
    purpose: t('form.purpose'),
    neededPartyIds: t('form.neededParties'),
    sensitivity: t('form.sensitivity'),
    reviewState: t('form.reviewState'),
  };
  const form = useRequestForm<Values, ReturnType<typeof toBody>, TAccessRequestVersion>({
    initial: {
      organizationId: props.organizations.length === 1 ? props.organizations[0]!.id : '',
      otherOrganizations: [],
      kind: '',
      area: null,
      requestedOn: localToday(),
      periodFrom: '',
      periodTo: '',
      purpose: '',
      neededPartyIds: [],
      sources: [],
      sensitivity: sensitivities.includes('MODERATE') ? 'MODERATE' : sensitivities[0]!,
      reviewState: props.role === 'EDITOR' ? 'SUBMITTED' : '',
    },
    schema: ZAccessRequestCreate,
    toBody,
    labels,
    order: ORDER,
    text: (field, values, fallback) => {
      if (field === 'organizationId') return t('form.problems.organizationId');
      if (field === 'kind') return t('form.problems.kind');
      if (field === 'areaId') return t('form.problems.areaId');
      if (field === 'requestedOn' && values.requestedOn === '')
        return t('form.problems.requestedOn');
      if (field === 'periodTo' && /before/.test(fallback)) return t('form.problems.periodTo');
      if (field === 'purpose' && values.purpose.trim() === '') return t('form.problems.purpose');
      if (field === 'neededPartyIds') return t('form.problems.neededPartyIds');
      return fallback;
    },
    request: () => ({ method: 'POST', path: '/access-requests', csrfToken: props.csrfToken }),
    onSaved: (saved) => {
      router.push(`/requests/${saved.requestId}?saved=${saved.id}`);
      router.refresh();
    },
  });
  const { values, update, errorFor } = form;
  const limits = useTextLimits();
  const invalid = invalidProps(errorFor, limits);
  const date = (field: 'requestedOn' | 'periodFrom' | 'periodTo', hint?: string) => (
    <div className="field">
      <label htmlFor={field}>{labels[field]}</label>
      <input
        id={field}
        type="date"
        value={values[field]}
        onChange={(e) => update(field, { [field]: e.target.value } as Partial<Values>)}
        {...invalid(field, hint ? `${field}-hint` : undefined)}
      />
      {hint && (
        <span id={`${field}-hint`} className="hint">
          {hint}
        </span>
      )}
      <FieldError field={field} error={errorFor(field)} />
    </div>
  );

  return (
    <form
      onSubmit={form.submit}
      onKeyDown={enterMovesOn}
      noValidate
      aria-label={t('form.requestTitle')}
    >
      <ReadyFieldset>
        <ErrorSummary
          items={form.summary}
          attempt={form.attempt}
          idFor={elementId}
          message={form.summaryMessage}
        />
        <fieldset>
          <legend>{t('form.who')}</legend>
          <div className="field">
            <label htmlFor="organizationId">{labels.organizationId}</label>
            <select
              id="organizationId"
              value={values.organizationId}
              onChange={(e) => update('organizationId', { organizationId: e.target.value })}
              {...invalid('organizationId')}
            >
              <option value="">{t('form.choose')}</option>
              {props.organizations.map((organization) => (
                <option key={organization.id} value={organization.id}>
                  {organization.label}
                </option>
              ))}
            </select>
            <FieldError field="organizationId" error={errorFor('organizationId')} />
          </div>
          <SearchCombobox
            name="otherOrganization"
            inputId="otherOrganizationIds"
            label={labels.otherOrganizationIds!}
            kind="organizations"
            emptyLabel={t('form.otherOrganizationsEmpty')}
            hint={t('form.otherOrganizationsHint')}
            clearOnChoose
            onChoose={(option) => {
              if (!option || values.otherOrganizations.some((o) => o.id === option.id)) return;
              update('otherOrganizationIds', {
                otherOrganizations: [
                  ...values.otherOrganizations,
                  { id: option.id, label: option.label },
                ],
              });
            }}
          />
          {values.otherOrganizations.length > 0 && (
            <ul className="chosen-list" aria-label={labels.otherOrganizationIds}>
              {values.otherOrganizations.map((organization) => (
                <li key={organization.id}>
                  <span>{organization.label}</span>{' '}
                  <button
                    type="button"
                    className="secondary"
                    onClick={() =>
                      update('otherOrganizationIds', {
                        otherOrganizations: values.otherOrganizations.filter(
                          (o) => o.id !== organization.id,
                        ),
                      })
                    }
                  >
                    {t('form.remove')}
                    <span className="visually-hidden"> {organization.label}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>

        <fieldset {...invalid('kind')}>
          <legend>{labels.kind}</legend>
          <div className={styles.choices}>
            {ACCESS_REQUEST_KINDS.map((kind, index) => (
              <label key={kind}>
                <input
                  id={index === 0 ? 'kind' : `kind-${kind}`}
                  type="radio"
                  name="kind"
                  value={kind}
                  checked={values.kind === kind}
                  onChange={() => update('kind', { kind })}
                />
                {t(`kind.${kind}`)}
              </label>
            ))}
          </div>
          <FieldError field="kind" error={errorFor('kind')} />
        </fieldset>

        <fieldset>
          <legend>{t('form.whereAndWhen')}</legend>
          <SearchCombobox
            name="areaId"
            inputId="areaId"
            label={labels.areaId!}
            kind="areas"
            emptyLabel={t('form.areaEmpty')}
            hint={t('form.areaHint')}
            selected={values.area}
            onChoose={(option) =>
              update('areaId', { area: option ? { id: option.id, label: option.label } : null })
            }
            errorId={errorFor('areaId') ? 'areaId-error' : undefined}
          />
          <FieldError field="areaId" error={errorFor('areaId')} />
          <div className="form-grid">
            {date('requestedOn', t('form.requestedOnHint'))}
            {date('periodFrom')}
            {date('periodTo', t('form.periodHint'))}
          </div>
          <div className="field wide" style={{ marginTop: '.75rem' }}>
            <label htmlFor="purpose">{labels.purpose}</label>
            <span id="purpose-hint" className="hint">
              {t('form.purposeHint')}
            </span>
            <textarea
              id="purpose"
              rows={3}
              value={values.purpose}
              onChange={(e) => update('purpose', { purpose: e.target.value })}
              {...limits.limit('purpose', NOTE_MAX_LENGTH)}
              {...invalid('purpose', 'purpose-hint')}
            />
            <FieldError field="purpose" error={errorFor('purpose')} />
            {limits.notice('purpose', labels.purpose!, NOTE_MAX_LENGTH)}
          </div>
        </fieldset>

        <fieldset {...invalid('neededPartyIds')}>
          <legend>{labels.neededPartyIds}</legend>
          <p className="hint">{t('form.neededPartiesHint')}</p>
          <div className={styles.choices}>
            {props.parties.map((party, index) => (
              <label key={party.id}>
                <input
                  id={index === 0 ? 'neededPartyIds' : `neededPartyIds-${party.id}`}
                  type="checkbox"
                  checked={values.neededPartyIds.includes(party.id)}
                  onChange={(e) =>
                    update('neededPartyIds', {
                      neededPartyIds: e.target.checked
                        ? [...values.neededPartyIds, party.id]
                        : values.neededPartyIds.filter((id) => id !== party.id),
                    })
                  }
                />
                {party.label}
              </label>
            ))}
          </div>
          <FieldError field="neededPartyIds" error={errorFor('neededPartyIds')} />
        </fieldset>

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
            {form.busy ? t('form.saving') : t('form.saveRequest')}
          </button>
        </p>
      </ReadyFieldset>
    </form>
  );
}
