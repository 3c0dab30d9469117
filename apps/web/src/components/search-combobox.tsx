'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { SEARCH_MAX_LENGTH } from '@access/contracts';
import { organizationLabel } from '@/lib/organization-label';
import { useTextLimits } from './text-limit';

/** One choice: its id, the name shown, and a line saying why it matched (another name, a code). */
export interface ComboboxOption {
  id: string;
  label: string;
  detail?: string;
  /** the language of `detail`, when it is a name in another language */
  detailLang?: string;
}

interface AreaItem {
  id: string;
  name: string;
  kind: string;
  pcode: string | null;
  iso3: string | null;
  names: { lang: string; name: string }[];
}

interface OrganizationItem {
  id: string;
  name: string;
  acronym: string | null;
  aliases: string[];
  iatiId: string | null;
}

const fold = (text: string) => text.toLocaleLowerCase();

type Translate = ReturnType<typeof useTranslations<'combobox'>>;

function areaOption(area: AreaItem, q: string, t: Translate): ComboboxOption {
  const other = area.names.find(
    (name) => name.name !== area.name && fold(name.name).includes(fold(q)),
  );
  const code = area.pcode ?? area.iso3;
  return {
    id: area.id,
    label: code ? `${area.name} (${code})` : area.name,
    detail: other ? other.name : t(`kind.${area.kind}`),
    detailLang: other?.lang,
  };
}

function organizationOption(
  organization: OrganizationItem,
  q: string,
  t: Translate,
): ComboboxOption {
  const alias = organization.aliases.find((name) => fold(name).includes(fold(q)));
  const iati = organization.iatiId && fold(organization.iatiId).includes(fold(q));
  return {
    id: organization.id,
    label: organizationLabel(organization),
    detail: alias ? t('alias', { alias }) : iati ? `IATI ${organization.iatiId}` : undefined,
  };
}

/**
 * A type-ahead for areas or organisations (ARIA 1.2 combobox with a listbox popup), served
 * by the API's search, which matches every name in every language, aliases, acronyms,
 * p-codes and IATI ids. The choice travels in a hidden input named `name`, so the form
 * stays a plain GET form; an empty box means "all".
 */
export function SearchCombobox({
  name,
  label,
  kind,
  selected,
  emptyLabel,
  hint,
  inputId,
  onChoose,
  clearOnChoose = false,
  errorId,
}: {
  name: string;
  label: string;
  kind: 'areas' | 'organizations';
  selected?: { id: string; label: string } | null;
  /** what an empty box means, e.g. "All areas" */
  emptyLabel: string;
  hint?: string;
  /** the text box's id, when a form's error summary links to it */
  inputId?: string;
  /** a form that holds the choice itself hears of it here (null: the box was cleared or retyped) */
  onChoose?: (option: ComboboxOption | null) => void;
  /** empty the box after each choice, to pick several one after another */
  clearOnChoose?: boolean;
  /** the id of the field's error message: the box is then invalid and described by it */
  errorId?: string;
}) {
  const t = useTranslations('combobox');
  const locale = useLocale();
  const generatedId = useId();
  const id = inputId ? `${inputId}-box` : generatedId;
  const textId = inputId ?? `${id}-input`;
  const [text, setText] = useState(selected?.label ?? '');
  const [value, setValue] = useState(selected?.id ?? '');
  const [options, setOptions] = useState<ComboboxOption[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [state, setState] = useState<'idle' | 'loading' | 'error'>('idle');
  const request = useRef(0);
  const limits = useTextLimits();
  const limit = limits.limit(textId, SEARCH_MAX_LENGTH);

  useEffect(() => {
    if (!open) return;
    const q = text.trim();
    const mine = ++request.current;
    const timer = setTimeout(async () => {
      setState('loading');
      try {
        const response = await fetch(
          `/api/${kind}?limit=12${q ? `&q=${encodeURIComponent(q)}` : ''}`,
          // the page's language, so areas come named in it (the API's area-names hook)
          { headers: { accept: 'application/json', 'accept-language': locale } },
        );
        if (!response.ok) throw new Error(String(response.status));
        const page = (await response.json()) as { items: unknown[] };
        if (mine !== request.current) return;
        setOptions(
          page.items.map((item) =>
            kind === 'areas'
              ? areaOption(item as AreaItem, q, t)
              : organizationOption(item as OrganizationItem, q, t),
          ),
        );
        setActive(-1);
        setState('idle');
      } catch {
        if (mine === request.current) setState('error');
      }
    }, 180);
    return () => clearTimeout(timer);
  }, [text, open, kind, t, locale]);

  function choose(option: ComboboxOption) {
    onChoose?.(option);
    setText(clearOnChoose ? '' : option.label);
    setValue(clearOnChoose ? '' : option.id);
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) setOpen(true);
      else setActive((index) => Math.min(options.length - 1, index + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(0, index - 1));
    } else if (event.key === 'Enter' && open && active >= 0 && options[active]) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  }

  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const statusText =
    state === 'error'
      ? t('failed')
      : state === 'loading'
        ? t('searching')
        : open
          ? t('matches', { count: options.length })
          : '';
  return (
    <div className="field combobox">
      <label htmlFor={textId}>{label}</label>
      <input type="hidden" name={name} value={value} />
      <input
        id={textId}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder={emptyLabel}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-describedby={[hintId, errorId, limits.describedBy(textId)].filter(Boolean).join(' ')}
        aria-invalid={errorId ? true : undefined}
        aria-activedescendant={open && active >= 0 ? `${id}-option-${active}` : undefined}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          // typing starts a new choice; an empty box is "all"
          if (value !== '') onChoose?.(null);
          setValue('');
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        {...limit}
        onKeyDown={(event) => {
          limit.onKeyDown(event);
          onKeyDown(event);
        }}
      />
      <span id={hintId} className="hint">
        {hint ?? t('hint')}
        {value === '' && text === '' && !onChoose
          ? ` · ${t('empty', { label: emptyLabel.toLocaleLowerCase(locale) })}`
          : ''}
      </span>
      <span className="visually-hidden" role="status" aria-live="polite">
        {statusText}
      </span>
      <div
        id={listId}
        role="listbox"
        aria-label={label}
        className="combobox-list"
        hidden={!open}
        tabIndex={-1}
      >
        {open && state === 'idle' && options.length === 0 && (
          <div
            className="combobox-empty"
            role="option"
            aria-selected="false"
            aria-disabled="true"
            tabIndex={-1}
          >
            {t('noMatch')}
          </div>
        )}
        {options.map((option, index) => (
          <div
            key={option.id}
            id={`${id}-option-${index}`}
            role="option"
            tabIndex={-1}
            aria-selected={index === active}
            className={index === active ? 'active' : undefined}
            onMouseDown={(event) => {
              event.preventDefault();
              choose(option);
            }}
          >
            <span>{option.label}</span>
            {option.detail && (
              <span className="combobox-detail" lang={option.detailLang}>
                {option.detail}
              </span>
            )}
          </div>
        ))}
      </div>
      {limits.notice(textId, label, SEARCH_MAX_LENGTH)}
    </div>
  );
}
