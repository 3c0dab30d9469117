import { useTranslations } from 'next-intl';
import { useMemo } from 'react';

/**
 * Errors in words people understand: every form of the dashboard turns the API's (and its
 * own zod checks') machine-readable errors into sentences here, so that each error names its
 * field by the label the user sees and says what to do, once. The API keeps its codes and
 * field paths; only this module knows how to say them, in the reader's language (catalogue
 * namespace `errors`). A message the API wrote itself (a rule's sentence) stays as the API
 * wrote it, prefixed by the field's label.
 */

/** One problem with one field, as the API's details.issues or a zod issue gives it. */
export interface FieldProblem {
  /** the API's path: "validFrom", "terms.0.grantingPartyId" */
  field: string;
  message: string;
  /** a machine-readable code, when the source gives one (zod's issue code, or the API's) */
  code?: string;
  /** for too_big / too_small issues */
  limit?: number;
}

/** A problem ready to show: the field's element id, its visible label, and the sentence. */
export interface ErrorItem {
  field: string;
  label: string;
  text: string;
}

/** A translator of the catalogues' `errors` namespace (`useTranslations('errors')`). */
export type ErrorTranslator = (key: string, values?: Record<string, string | number>) => string;

/** The fields the status form (and sign-in, imports) label, by the API's field name. */
const LABELLED = new Set([
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
  'note',
  'email',
  'password',
  'file',
]);
const TERM_PARTS = new Set(['type', 'grantingPartyId', 'legalReference', 'note']);
const SOURCE_PARTS = new Set(['title', 'publisher', 'url', 'publishedOn']);

/** Field names that may appear inside an API message, and the label keys that replace them. */
const CODE_NAMES: [RegExp, string][] = [
  [/\bvalidFrom\b/g, 'label.validFrom'],
  [/\bvalidTo\b/g, 'label.validTo'],
  [/\borganizationIds?\b/g, 'label.organizationId'],
  [/\bareaId\b/g, 'label.areaId'],
  [/\bgrantingPartyId\b/g, 'codeName.grantingPartyId'],
  [/\bparentId\b/g, 'codeName.parentId'],
  [/\btypeCode\b/g, 'codeName.typeCode'],
  [/\bcorrectionNote\b/g, 'label.correctionNote'],
];

const sentence = (text: string) => {
  const trimmed = text.trim();
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?。؟]$/.test(first) ? first : `${first}.`;
};

/** What a select-like field asks for, when nothing valid was chosen (keys of `errors.choose`). */
const CHOOSE: Record<string, string> = {
  organizationId: 'organizationId',
  organizationIds: 'organizationId',
  areaId: 'areaId',
  parentId: 'parentId',
  status: 'status',
  sensitivity: 'sensitivity',
  severity: 'severity',
  reviewState: 'reviewState',
  role: 'role',
  clearance: 'clearance',
  kind: 'kind',
  typeCode: 'typeCode',
};

/** The empty required text fields with their own sentence (keys of `errors.required`). */
const REQUIRED = new Set([
  'reason',
  'correctionNote',
  'validFrom',
  'note',
  'email',
  'password',
  'displayName',
  'name',
  'names',
  'file',
]);

const DATE_FIELDS =
  /^(validFrom|validTo|requestedOn|periodFrom|periodTo|statedOn|occurredOn|sources\.\d+\.publishedOn)$/;
const looksRequired = (problem: FieldProblem) =>
  problem.code === 'too_small' && problem.limit === 1
    ? true
    : problem.code === 'invalid_type' ||
      /required|missing|expected string, received (undefined|null)|say why|needs a title|empty|(at least |>=)1 characters?\b/i.test(
        problem.message,
      );
const looksLikeAChoice = (problem: FieldProblem) =>
  problem.code === 'invalid_value' ||
  (problem.code === 'invalid_format' && /uuid/i.test(problem.message)) ||
  /invalid uuid|invalid option|expected one of|invalid enum|not one of/i.test(problem.message);

/** The words of errors in one language: every function of this module, bound to a translator. */
export function errorText(t: ErrorTranslator) {
  const quoted = (label: string) => t('quoted', { label });
  const required = (field: string) => (REQUIRED.has(field) ? t(`required.${field}`) : undefined);
  const choose = (field: string) => {
    const key = CHOOSE[field] ?? CHOOSE[field.split('.')[0]!];
    return key ? t(`choose.${key}`) : undefined;
  };
  /** the API's own words, with the field code names it may hold replaced by their labels */
  const named = (message: string) => {
    let text = message;
    for (const [pattern, key] of CODE_NAMES) text = text.replace(pattern, quoted(t(key)));
    return text;
  };

  /** The label a field shows; `labels` (a form's own) win over the status form's. */
  function fieldLabel(field: string, labels: Record<string, string> = {}): string {
    if (labels[field]) return labels[field];
    const top = field.split('.')[0]!;
    if (labels[top]) return labels[top];
    const term = /^terms\.(\d+)(?:\.(\w+))?$/.exec(field);
    if (term) {
      const n = Number(term[1]) + 1;
      if (!term[2]) return t('termN', { n });
      return t('termPart', {
        n,
        part: TERM_PARTS.has(term[2]) ? t(`term.${term[2]}`) : t('aValue'),
      });
    }
    const source = /^sources\.(\d+)(?:\.(\w+))?$/.exec(field);
    if (source) {
      const n = Number(source[1]) + 1;
      if (!source[2]) return t('sourceN', { n });
      return t('sourcePart', {
        n,
        part: SOURCE_PARTS.has(source[2]) ? t(`source.${source[2]}`) : t('aValue'),
      });
    }
    if (LABELLED.has(field)) return t(`label.${field}`);
    if (LABELLED.has(top)) return t(`label.${top}`);
    return t('thisField');
  }

  /**
   * One field's problem, in words: names the field by its label and says what to do.
   * `value` is what the field holds (an empty one is "missing", whatever the check said).
   */
  function fieldProblemText(
    problem: FieldProblem,
    labels: Record<string, string> = {},
    value?: unknown,
  ): string {
    const { field } = problem;
    const label = fieldLabel(field, labels);
    const top = field.split('.')[0]!;
    const empty = value === '' || value === null;
    const message = problem.message;

    // The period's end before its start: the one rule across two fields.
    if (field === 'validTo' && /after|before|later|earlier/i.test(message))
      return t('untilAfterFrom');
    const clash = /already (?:starts|has a status[^0-9]*) (?:on |from )?(\d{4}-\d{2}-\d{2})/.exec(
      message,
    );
    if (field === 'validFrom' && clash) return t('periodClash', { day: clash[1]! });
    // the API's and the contracts' own sentences for these, in the reader's language
    if (/must not be after today/.test(message)) return t('notAfterToday', { label });
    if (/control character/i.test(message)) return t('controlCharacter', { label });
    if (DATE_FIELDS.test(field)) {
      if (/1900|2199|between/.test(message)) return t('dateRange', { label });
      if (empty && required(field)) return required(field)!;
      if (/date|YYYY|format|invalid/i.test(message) || problem.code === 'invalid_format')
        return t('fullDate', { label: quoted(label) });
    }
    const term = /^terms\.(\d+)\.grantingPartyId$/.exec(field);
    if (term && looksLikeAChoice(problem)) return t('termGrantedBy', { n: Number(term[1]) + 1 });
    const sourceTitle = /^sources\.(\d+)\.title$/.exec(field);
    if (sourceTitle && (empty || looksRequired(problem)))
      return t('sourceTitle', { n: Number(sourceTitle[1]) + 1 });
    if (/\.url$/.test(field) || /http\(s\) address|invalid url/i.test(message))
      return t('url', { label: quoted(label) });
    if (
      problem.code === 'too_big' ||
      /too (big|long)|at most|<=|maximum|characters? or fewer/i.test(message)
    ) {
      const limit = problem.limit ?? Number(/(\d[\d,]*)/.exec(message)?.[1]?.replace(/,/g, ''));
      return Number.isFinite(limit) && limit > 0
        ? t('tooLongLimit', { label, limit })
        : t('tooLong', { label });
    }
    if (top === 'email' && /email|e-mail|invalid/i.test(message) && !empty) return t('emailFormat');
    const minimum =
      problem.code === 'too_small' && problem.limit
        ? problem.limit
        : Number(/(?:>=|at least) ?(\d+) characters/i.exec(message)?.[1] ?? Number.NaN);
    if (!empty && Number.isFinite(minimum) && minimum > 1)
      return top === 'password'
        ? t('passwordMinimum', { minimum })
        : t('minimum', { label, minimum });
    if ((empty || looksRequired(problem)) && required(field)) return required(field)!;
    if ((empty || looksLikeAChoice(problem)) && choose(field)) return choose(field)!;
    if (empty || looksRequired(problem)) return t('fillIn', { label: quoted(label) });
    if (looksLikeAChoice(problem)) return t('chooseFrom', { label: quoted(label) });
    if (/constraint category/i.test(message)) return t('constraintCategory');
    // The API's own sentences (a clash, a rule): already words, prefixed by the label they concern.
    return sentence(t('labelled', { label, text: named(message) }));
  }

  /** A form's problems, in the order of its fields, each once. */
  function errorItems(
    problems: FieldProblem[],
    options: {
      labels?: Record<string, string>;
      values?: (field: string) => unknown;
      order?: string[];
    } = {},
  ): ErrorItem[] {
    const seen = new Set<string>();
    const items: ErrorItem[] = [];
    for (const problem of problems) {
      if (seen.has(problem.field)) continue;
      seen.add(problem.field);
      items.push({
        field: problem.field,
        label: fieldLabel(problem.field, options.labels),
        text: fieldProblemText(problem, options.labels, options.values?.(problem.field)),
      });
    }
    const order = options.order;
    if (order) {
      const rank = (field: string) => {
        const index = order.findIndex((name) => field === name || field.startsWith(`${name}.`));
        return index === -1 ? order.length : index;
      };
      items.sort((a, b) => rank(a.field) - rank(b.field));
    }
    return items;
  }

  /** A problem that concerns no single field, or the request as a whole: what happened and what to do. */
  function problemText(problem: { status: number; code: string; message: string }): string {
    switch (problem.code) {
      case 'NETWORK':
        return t('whole.unreachable');
      // the browser reached the dashboard, but the service behind it is down or busy
      case 'API_UNAVAILABLE':
      case 'DATABASE_UNAVAILABLE':
      case 'BUSY':
        return t('whole.unavailable');
      case 'VERSION_SUPERSEDED':
      case 'PRECONDITION_FAILED':
        return t('whole.changedMeanwhile');
      case 'CSRF_FAILED':
        return t('whole.csrf');
      case 'UNAUTHENTICATED':
      case 'SESSION_REQUIRED':
        return t('whole.signedOut');
      case 'RATE_LIMITED':
        return t('whole.rateLimited');
      case 'QUERY_TIMEOUT':
        return t('whole.timeout');
      case 'INTERNAL':
      case 'UNKNOWN':
        return t('whole.internal');
      case 'TIMELINE_MOVED':
        return t('whole.timelineMoved');
      case 'PROPOSAL_UNDER_REVIEW':
        return t('whole.underReview');
      case 'VALIDATION_FAILED':
        return t('whole.validation');
      case 'PERIOD_CONFLICT': {
        const day = /\d{4}-\d{2}-\d{2}/.exec(problem.message)?.[0];
        return day ? t('whole.periodConflict', { day }) : sentence(named(problem.message));
      }
      default:
        return sentence(named(problem.message));
    }
  }

  /** A CSV import's cell problem, in words: the column is the file's own header, so it stays. */
  function importProblemText(message: string): string {
    const options = [...message.matchAll(/"([^"]+)"/g)].map((match) => match[1]);
    if (/invalid option|expected one of/i.test(message) && options.length > 0)
      return t('import.oneOf', { options: options.join(', ') });
    if (/invalid uuid/i.test(message)) return t('import.identifier');
    return sentence(named(message));
  }

  return { fieldLabel, fieldProblemText, errorItems, problemText, importProblemText };
}

export type ErrorText = ReturnType<typeof errorText>;

/** The error words in the page's language, in a client component or a non-async server one. */
export function useErrorText(): ErrorText {
  const t = useTranslations('errors');
  return useMemo(() => errorText(t as ErrorTranslator), [t]);
}

/** zod issues (from a client-side check with the API's own schemas) → field problems. */
export function zodProblems(
  issues: {
    path: PropertyKey[];
    message: string;
    code?: string;
    maximum?: unknown;
    minimum?: unknown;
  }[],
): FieldProblem[] {
  return issues.map((issue) => {
    const limit = issue.code === 'too_big' ? issue.maximum : issue.minimum;
    return {
      field: issue.path.map(String).join('.') || 'form',
      message: issue.message,
      code: issue.code,
      ...(typeof limit === 'number' || typeof limit === 'bigint' ? { limit: Number(limit) } : {}),
    };
  });
}

/** The API's field issues of a failed request, as field problems (period conflicts belong to "Holds from"). */
export function apiProblems(problem: {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}): FieldProblem[] {
  const issues = (problem.details?.issues ?? []) as {
    field: string;
    message: string;
    code?: string;
  }[];
  if (issues.length > 0)
    return issues.map((issue) => ({
      field: issue.field,
      message: issue.message,
      ...(issue.code ? { code: issue.code } : {}),
    }));
  if (problem.code === 'PERIOD_CONFLICT')
    return [{ field: 'validFrom', message: problem.message, code: problem.code }];
  return [];
}
