'use client';

import { useTranslations } from 'next-intl';
import { Children, useEffect, useId, useRef, type ReactNode } from 'react';
import type { ErrorItem } from '@/lib/error-text';

/**
 * The GOV.UK error summary: after a failed submit, focus moves here (so something visibly
 * happens however far down the button was), it says what went wrong, and each entry links to
 * its field. `attempt` counts failed submits: each one moves the focus here again.
 */
export function ErrorSummary({
  items,
  message,
  attempt,
  children,
  idFor = (field) => field,
}: {
  items: ErrorItem[];
  /** a problem that concerns no single field */
  message?: string | null;
  attempt: number;
  children?: ReactNode;
  /** the id of a field's element, when it is not the field's path */
  idFor?: (field: string) => string;
}) {
  const t = useTranslations('errors');
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (attempt > 0) {
      ref.current?.focus();
      ref.current?.scrollIntoView({ block: 'start' });
    }
  }, [attempt]);
  if (items.length === 0 && !message && Children.toArray(children).length === 0) return null;
  return (
    <div ref={ref} className="error-summary" tabIndex={-1} role="alert" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('problem')}</h2>
      {message && <p>{message}</p>}
      {items.length > 0 && (
        <ul>
          {items.map((item) => (
            <li key={item.field}>
              <a
                href={`#${idFor(item.field)}`}
                onClick={(event) => {
                  const target = document.getElementById(idFor(item.field));
                  if (!target) return;
                  event.preventDefault();
                  target.focus();
                  // show the field's label too, which sits above the field
                  target
                    .closest('.field, fieldset')
                    ?.scrollIntoView({ block: 'start', behavior: 'auto' });
                }}
              >
                {item.text}
              </a>
            </li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}

/**
 * Enter in a one-line field moves to the next field instead of submitting a half-filled
 * form: only the submit button submits. Put on the <form> as onKeyDown.
 */
export function enterMovesOn(event: React.KeyboardEvent<HTMLFormElement>) {
  if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
  const target = event.target as HTMLElement;
  if (!(target instanceof HTMLInputElement) && !(target instanceof HTMLSelectElement)) return;
  if (target instanceof HTMLInputElement && ['submit', 'button', 'reset'].includes(target.type))
    return;
  event.preventDefault();
  const focusable = Array.from(
    event.currentTarget.querySelectorAll<HTMLElement>(
      'input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])',
    ),
  ).filter((element) => {
    // a radio group is one stop: its checked radio, or its first when none is
    if (!(element instanceof HTMLInputElement) || element.type !== 'radio') return true;
    if (element === target || element.checked) return true;
    const group = element.form?.querySelectorAll<HTMLInputElement>(
      `input[type=radio][name="${CSS.escape(element.name)}"]`,
    );
    return !!group && group[0] === element && !Array.from(group).some((radio) => radio.checked);
  });
  const next = focusable[focusable.indexOf(target) + 1];
  if (next && !(next instanceof HTMLButtonElement && next.type === 'submit')) next.focus();
}
