'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { send } from '@/lib/client-api';
import { apiProblems, useErrorText, type ErrorItem } from '@/lib/error-text';
import { ErrorSummary, enterMovesOn } from '@/components/error-summary';
import { useTextLimits } from '@/components/text-limit';
import { ReadyFieldset } from '../../components/ready-fieldset';

export interface FieldSpec {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'select' | 'textarea';
  options?: { value: string; label: string }[];
  hint?: string;
  /** a text field's limit, in characters: the contract's (a free-text field without one takes any length) */
  maxLength?: number;
}

interface Props {
  title: string;
  path: string;
  fields: FieldSpec[];
  csrfToken: string;
  build: string;
  /** PATCH an existing record with these starting values, instead of POSTing a new one */
  initial?: Record<string, string>;
}

/** A small form for reference data, to create or edit; the API's field errors show beside each field. */
export function CreateForm({ title, path, fields, csrfToken, build, initial }: Props) {
  const router = useRouter();
  const blank = () =>
    initial ??
    Object.fromEntries(fields.map((field) => [field.name, field.options?.[0]?.value ?? '']));
  const t = useTranslations('adminForm');
  const { errorItems, problemText } = useErrorText();
  const [values, setValues] = useState<Record<string, string>>(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<{ items: ErrorItem[]; message: string | null }>({
    items: [],
    message: null,
  });
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const limits = useTextLimits();
  const idOf = (name: string) => `${path.replaceAll('/', '-')}-${name}`;
  /** a text field's maxLength and its listeners, when it has a limit */
  const limitOf = (field: FieldSpec) =>
    field.maxLength === undefined ? {} : limits.limit(idOf(field.name), field.maxLength);
  const describedBy = (name: string) =>
    [errors[name] ? `${idOf(name)}-error` : undefined, limits.describedBy(idOf(name))]
      .filter(Boolean)
      .join(' ') || undefined;
  const labels = Object.fromEntries(fields.map((field) => [field.name, field.label]));
  // the API's names for the fields these forms build differently
  labels.organizationIds = labels.organizationId ?? t('organization');
  if (labels.name) labels.names = labels.name;
  const formField = (field: string) => {
    const top = field.split('.')[0]!;
    if (top === 'organizationIds') return 'organizationId';
    if (top === 'names' && !labels.names) return 'name';
    return fields.some((spec) => spec.name === top) ? top : (fields[0]?.name ?? top);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setSaved(false);
    const result = await send(
      initial ? 'PATCH' : 'POST',
      path,
      csrfToken,
      BUILDERS[build]!(values),
    );
    setBusy(false);
    if (result.ok) {
      setSaved(true);
      setErrors({});
      setSummary({ items: [], message: null });
      if (!initial) {
        setValues(blank());
        limits.clear();
      }
      router.refresh();
      return;
    }
    // each problem once, in words, under the field's own label; the summary links to the fields
    const items = errorItems(
      apiProblems(result.problem).map((problem) => ({
        ...problem,
        field: formField(problem.field),
      })),
      { labels, values: (field) => values[field] },
    );
    setErrors(Object.fromEntries(items.map((item) => [item.field, item.text])));
    setSummary({ items, message: items.length === 0 ? problemText(result.problem) : null });
    setAttempt((n) => n + 1);
  }

  return (
    <form onSubmit={submit} onKeyDown={enterMovesOn} noValidate aria-label={title}>
      <ReadyFieldset>
        <h3>{title}</h3>
        <ErrorSummary
          items={summary.items}
          message={summary.message}
          attempt={attempt}
          idFor={idOf}
        />
        {saved && (
          <p className="notice" role="status">
            {t('saved')}
          </p>
        )}
        <div className="form-grid">
          {fields.map((field) => (
            <div className="field" key={field.name}>
              <label htmlFor={idOf(field.name)}>{field.label}</label>
              {field.type === 'textarea' ? (
                <textarea
                  id={idOf(field.name)}
                  value={values[field.name]}
                  onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
                  aria-invalid={errors[field.name] ? true : undefined}
                  aria-describedby={describedBy(field.name)}
                  {...limitOf(field)}
                />
              ) : field.type === 'select' ? (
                <select
                  id={idOf(field.name)}
                  value={values[field.name]}
                  onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
                  aria-invalid={errors[field.name] ? true : undefined}
                  aria-describedby={errors[field.name] ? `${idOf(field.name)}-error` : undefined}
                >
                  {field.options!.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={idOf(field.name)}
                  type={field.type ?? 'text'}
                  value={values[field.name]}
                  onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
                  aria-invalid={errors[field.name] ? true : undefined}
                  aria-describedby={describedBy(field.name)}
                  autoComplete={field.type === 'password' ? 'new-password' : 'off'}
                  {...limitOf(field)}
                />
              )}
              {field.hint && <span className="hint">{field.hint}</span>}
              {errors[field.name] && (
                <div id={`${idOf(field.name)}-error`} className="field-error">
                  <span className="visually-hidden">{t('error')}: </span>
                  {errors[field.name]}
                </div>
              )}
              {field.maxLength !== undefined &&
                limits.notice(idOf(field.name), field.label, field.maxLength)}
            </div>
          ))}
        </div>
        <p>
          <button type="submit" disabled={busy}>
            {busy ? t('saving') : initial ? t('save') : t('create')}
          </button>
        </p>
      </ReadyFieldset>
    </form>
  );
}

const text = (value: string | undefined) => (value?.trim() ? value.trim() : null);

/** Form values → API bodies (functions cannot cross from server to client components, so they are named here). */
/** "lang | name | used by" lines, the first being the default name. */
const names = (text: string) =>
  text
    .split('\n')
    .map((line) => line.split('|').map((part) => part.trim()))
    .filter(([lang, name]) => lang && name)
    .map(([lang, name, usedBy], index) => ({
      lang,
      name,
      usedBy: usedBy || null,
      isDefault: index === 0,
    }));

const BUILDERS: Record<string, (values: Record<string, string>) => unknown> = {
  'organization-edit': (v) => ({
    name: v.name,
    acronym: text(v.acronym),
    typeCode: Number(v.typeCode),
    iatiId: text(v.iatiId),
    aliases: (v.aliases ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
  }),
  'area-edit': (v) => ({
    kind: v.kind,
    iso3: text(v.iso3),
    pcode: text(v.pcode),
    parentId: text(v.parentId),
    disputed: v.disputed === 'true',
    names: names(v.names ?? ''),
  }),
  'party-edit': (v) => ({
    name: v.name,
    acronym: text(v.acronym),
    kind: v.kind,
    note: text(v.note),
  }),
  'user-edit': (v) => ({
    displayName: v.displayName,
    role: v.role,
    clearance: v.clearance,
    organizationIds: v.organizationId ? [v.organizationId] : [],
    ...(v.password ? { password: v.password } : {}),
  }),
  organization: (v) => ({
    name: v.name,
    acronym: text(v.acronym),
    typeCode: Number(v.typeCode),
    iatiId: text(v.iatiId),
    aliases: (v.aliases ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
  }),
  area: (v) => ({
    kind: v.kind,
    iso3: text(v.iso3),
    pcode: text(v.pcode),
    parentId: text(v.parentId),
    names: [{ lang: v.lang || 'en', name: v.name, isDefault: true }],
  }),
  party: (v) => ({ name: v.name, acronym: text(v.acronym), kind: v.kind }),
  user: (v) => ({
    email: v.email,
    displayName: v.displayName,
    password: v.password,
    role: v.role,
    clearance: v.clearance,
    organizationIds: v.organizationId ? [v.organizationId] : [],
  }),
};
