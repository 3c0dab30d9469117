'use client';

import { useTranslations } from 'next-intl';
import {
  useState,
  type ClipboardEvent,
  type DragEvent,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';

type TextField = HTMLInputElement | HTMLTextAreaElement;

/** Text as the field will hold it: a textarea keeps line breaks (as LF), a one-line input drops them. */
function asHeld(field: TextField, text: string): string {
  return field instanceof HTMLTextAreaElement
    ? text.replace(/\r\n?/g, '\n')
    : text.replace(/[\r\n]/g, '');
}

/**
 * Whether putting `text` into the field (in place of its selection, when `replacing`) would
 * take it past its maxLength: the browser then keeps only what fits.
 */
export function wouldOverflow(field: TextField, text: string, replacing = true): boolean {
  if (field.maxLength < 0) return false;
  let kept = field.value.length;
  const start = field.selectionStart;
  const end = field.selectionEnd;
  if (replacing && start !== null && end !== null) kept -= end - start;
  return kept + asHeld(field, text).length > field.maxLength;
}

/** The id of the words under a field that say how much it holds. */
export const limitNoticeId = (field: string) => `${field}-limit`;

export interface TextLimits {
  /**
   * A text field's maxLength (a contract's limit), and the listeners that notice when a
   * paste, a drop or a keystroke met it: spread them on the field's input or textarea.
   */
  limit(
    field: string,
    max: number,
  ): {
    maxLength: number;
    onPaste: (event: ClipboardEvent<TextField>) => void;
    onDrop: (event: DragEvent<TextField>) => void;
    onKeyDown: (event: KeyboardEvent<TextField>) => void;
    onInput: (event: FormEvent<TextField>) => void;
  };
  /** The notice's id while it shows (for the field's aria-describedby), else undefined. */
  describedBy(field: string): string | undefined;
  /**
   * Under the field: once something was cut at its limit, says how much the field holds
   * (a polite live region, so a screen reader says it too); empty otherwise.
   */
  notice(field: string, label: string, max: number): ReactNode;
  /** Forgets every cut (a form emptied after saving). */
  clear(): void;
}

/**
 * Text fields that take no more than the API does. A paste of 200,000 characters into a field
 * without a maxLength went into the page whole: the browser laid all of it out on the paste
 * and again on every keystroke after it, holding the page from half a second to seconds each
 * time, for a text the API would refuse anyway. With the contract's limit as maxLength the
 * browser keeps only what fits, and these listeners tell the writer that the rest was left
 * out and how long the field may be.
 */
export function useTextLimits(): TextLimits {
  const t = useTranslations('textLimit');
  const [cut, setCut] = useState<ReadonlySet<string>>(() => new Set());
  const mark = (field: string, on: boolean) =>
    setCut((current) => {
      if (current.has(field) === on) return current;
      const next = new Set(current);
      if (on) next.add(field);
      else next.delete(field);
      return next;
    });
  return {
    limit: (field, max) => ({
      maxLength: max,
      onPaste: (event) =>
        mark(field, wouldOverflow(event.currentTarget, event.clipboardData.getData('text/plain'))),
      onDrop: (event) => {
        const text = event.dataTransfer.getData('text/plain');
        if (wouldOverflow(event.currentTarget, text, false)) mark(field, true);
      },
      onKeyDown: (event) => {
        const element = event.currentTarget;
        if (event.nativeEvent.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
        const typed =
          event.key === 'Enter' && element instanceof HTMLTextAreaElement
            ? '\n'
            : event.key.length === 1
              ? event.key
              : null;
        if (typed !== null && wouldOverflow(element, typed)) mark(field, true);
      },
      onInput: (event) => {
        if (event.currentTarget.value.length < max) mark(field, false);
      },
    }),
    describedBy: (field) => (cut.has(field) ? limitNoticeId(field) : undefined),
    notice: (field, label, max) => (
      <div id={limitNoticeId(field)} className="field-limit" role="status">
        {cut.has(field) ? t('cut', { label, limit: max }) : null}
      </div>
    ),
    clear: () => setCut((current) => (current.size === 0 ? current : new Set())),
  };
}
