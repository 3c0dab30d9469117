import { z } from 'zod';

/**
 * What the API reads of a request body unless a route says more (boundaries, imports): the
 * dashboard's /api tells an upload larger than this, cut off while the API stays up, from
 * an outage.
 */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * An id, in lower case whatever case it was sent in: PostgreSQL's uuid compares without
 * case, and so must every comparison the API makes itself (an editor's own organisations).
 */
export const ZUuid = z.uuid().overwrite((id) => id.toLowerCase());

/**
 * Characters no text the product keeps may hold: C0 controls but tab, line feed and carriage
 * return (free text has lines), DEL (PostgreSQL cannot store NUL, and no name or reason needs
 * the others), a lone UTF-16 surrogate (stored as U+FFFD: the value saved would not be the
 * value sent), and the bidirectional overrides U+202D and U+202E, which make a text display
 * in another order than it was written (a reason that reads as something else in a report).
 * Marks and isolates that right-to-left writing uses (U+200E, U+200F, U+2066–U+2069) pass.
 * The one statement of the rule: the API refuses such a character anywhere in a request
 * (input-guard), and the text fields below refuse it in a CSV row too.
 */
const HOSTILE_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202D\u202E]|\p{Cs}/u;
export const hasHostileCharacter = (text: string): boolean => HOSTILE_CHARACTER.test(text);
export const HOSTILE_CHARACTER_MESSAGE =
  'contains an invisible control character (such as a NUL byte) or a broken character: remove it and send it again';

/**
 * How many characters free text may hold, counted as `String.length` counts them (UTF-16 code
 * units), which is how a text field's `maxLength` counts too. The schemas check these, and
 * the dashboard gives every field the same `maxLength`, so that a paste longer than a field
 * holds is cut there, where its writer sees it, instead of filling the page.
 */
/** a reason, a note, a purpose: what someone writes to explain */
export const NOTE_MAX_LENGTH = 5000;
/** an incident's account of what happened */
export const DESCRIPTION_MAX_LENGTH = 10_000;
/** a source's title, a term's legal reference */
export const TITLE_MAX_LENGTH = 1000;
/** a name (an organisation's, an area's, a party's, a publisher's, a boundary source's) */
export const NAME_MAX_LENGTH = 300;
/** an acronym */
export const ACRONYM_MAX_LENGTH = 50;
/** a web address */
export const URL_MAX_LENGTH = 2000;
/** what a search box sends (`q`) */
export const SEARCH_MAX_LENGTH = 200;

/**
 * Whitespace and the invisible characters people paste without seeing them, at either end
 * of a text: zero-width space, joiners and direction marks (U+200B–U+200F), word joiner and
 * invisible operators (U+2060–U+2064), the byte-order mark (embeddings and overrides,
 * U+202A–U+202E, are refused as hostile wherever they stand). A text of nothing else is empty ("\u200b" alone passed as a reason, a
 * name). Not all of Unicode's Cf: Arabic number signs and emoji tags are seen, or mean.
 */
const INVISIBLE_ENDS =
  /^[\s\u200b-\u200f\u2060-\u2064\ufeff]+|[\s\u200b-\u200f\u2060-\u2064\ufeff]+$/g;

/** A text without what people cannot see at its ends (the forms, the API, the imports' lookups). */
export const trimInvisible = (text: string) => text.replace(INVISIBLE_ENDS, '');

/** A string as people mean it: trimInvisible'd. */
export const ZTrimmed = () => z.string().overwrite(trimInvisible);

/** Free text of at most `max` characters, trimmed, without a hostile character. */
export const ZText = (max: number) =>
  ZTrimmed()
    .max(max)
    .refine((text) => !hasHostileCharacter(text), { error: HOSTILE_CHARACTER_MESSAGE });

/**
 * The calendar the product works in: access records are about the present and the recent
 * past, so dates outside 1900–2199 are typing mistakes, and bounding them bounds the work
 * a request can ask for (a daily series over eight thousand years, say).
 */
export const FIRST_DATE = '1900-01-01';
export const LAST_DATE = '2199-12-31';
const inCalendar = (value: string) =>
  value.slice(0, 10) >= FIRST_DATE && value.slice(0, 10) <= LAST_DATE && /^\d{4}-/.test(value);
const calendarError = { error: `must be between ${FIRST_DATE} and ${LAST_DATE}` };

/** A calendar date, ISO 8601 (YYYY-MM-DD), that exists, between 1900 and 2199. */
export const ZIsoDate = z.iso
  .date({
    // 2023-02-30 is written right: the day is what does not exist
    error: (issue) =>
      typeof issue.input === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(issue.input)
        ? `is written YYYY-MM-DD but ${issue.input} is not a day of the calendar`
        : 'must be a date written YYYY-MM-DD',
    abort: true,
  })
  .refine(inCalendar, calendarError);

/** An instant, ISO 8601 with a time zone offset or Z, between 1900 and 2199. */
export const ZTimestamp = z.iso
  .datetime({
    offset: true,
    error: 'must be a date and time in ISO 8601 with a time zone, e.g. 2023-02-01T12:00:00Z',
    abort: true,
  })
  // the instant, in UTC: 2199-12-31T23:00:00-14:00 is already 2200
  .refine((value) => inCalendar(new Date(value).toISOString()), calendarError);

export const ZLimit = z.coerce.number().int().min(1).max(500).default(50);

/** Cursors are opaque base64url; anything else was not given out by a list (empty: the first page). */
export const ZCursor = z
  .string()
  .max(500)
  .regex(/^[A-Za-z0-9_-]*$/, {
    error: 'is not a cursor this list gave out; start again without it',
  })
  .optional();

export const ZListQuery = z.object({
  q: z
    .string()
    .trim()
    .max(SEARCH_MAX_LENGTH)
    .optional()
    .describe('search by name, alias, acronym or p-code'),
  limit: ZLimit,
  cursor: ZCursor,
});

export const ZErrorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'ErrorResponse' });

export function paginated<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** A query-string boolean: only "true" and "false" are accepted. */
export const ZQueryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Repeated or comma-separated query values (`status=DENIED&status=PENDING` or `status=DENIED,PENDING`). */
export function queryList<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => {
    if (value === undefined) return undefined;
    const values = Array.isArray(value) ? value : [value];
    return values
      .flatMap((entry) => String(entry).split(','))
      .map((entry) => entry.trim())
      .filter(Boolean);
  }, z.array(item).max(100).optional());
}
