/**
 * Errors in words people understand: every form of the dashboard turns the API's (and its
 * own zod checks') machine-readable errors into sentences here, so that each error names its
 * field by the label the user sees and says what to do, once. The API keeps its codes and
 * field paths; only this module knows how to say them.
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

/** The labels the status form shows, by the API's field name. */
const STATUS_LABELS: Record<string, string> = {
  organizationId: 'Organisation',
  areaId: 'Area',
  status: 'Status',
  validFrom: 'Holds from',
  validTo: 'Until',
  reason: 'Reason for the change',
  correctionNote: 'Correction note',
  constraintCategories: 'Constraints',
  severity: 'Severity',
  sensitivity: 'Sensitivity',
  reviewState: 'Save as',
  note: 'Note to the editor',
  email: 'E-mail address',
  password: 'Password',
  file: 'CSV file',
};

const TERM_LABELS: Record<string, string> = {
  type: 'type',
  grantingPartyId: 'granted by',
  legalReference: 'legal reference',
  note: 'note',
};
const SOURCE_LABELS: Record<string, string> = {
  title: 'title',
  publisher: 'publisher',
  url: 'address (URL)',
  publishedOn: 'published on',
};

/** The label a field shows; `labels` (a form's own) win over the status form's. */
export function fieldLabel(field: string, labels: Record<string, string> = {}): string {
  if (labels[field]) return labels[field];
  const top = field.split('.')[0]!;
  if (labels[top]) return labels[top];
  const term = /^terms\.(\d+)(?:\.(\w+))?$/.exec(field);
  if (term)
    return term[2]
      ? `Term ${Number(term[1]) + 1}: ${TERM_LABELS[term[2]] ?? 'a value'}`
      : `Term ${Number(term[1]) + 1}`;
  const source = /^sources\.(\d+)(?:\.(\w+))?$/.exec(field);
  if (source)
    return source[2]
      ? `Source ${Number(source[1]) + 1}: ${SOURCE_LABELS[source[2]] ?? 'a value'}`
      : `Source ${Number(source[1]) + 1}`;
  return STATUS_LABELS[field] ?? STATUS_LABELS[top] ?? 'This field';
}

const quoted = (label: string) => `“${label}”`;

/** Field names that may appear inside an API message, and the words that replace them. */
const CODE_NAMES: [RegExp, string][] = [
  [/\bvalidFrom\b/g, quoted('Holds from')],
  [/\bvalidTo\b/g, quoted('Until')],
  [/\borganizationIds?\b/g, quoted('Organisation')],
  [/\bareaId\b/g, quoted('Area')],
  [/\bgrantingPartyId\b/g, quoted('Granted by')],
  [/\bparentId\b/g, quoted('Parent area')],
  [/\btypeCode\b/g, quoted('Type')],
  [/\bcorrectionNote\b/g, quoted('Correction note')],
];

const sentence = (text: string) => {
  const trimmed = text.trim();
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
};

/** What a select-like field asks for, when nothing valid was chosen. */
const CHOOSE: Record<string, string> = {
  organizationId: 'Choose the organisation.',
  organizationIds: 'Choose the organisation.',
  areaId: 'Choose the area.',
  parentId: 'Choose the parent area from the list, or none.',
  status: 'Choose one of the statuses under “Status”.',
  sensitivity: 'Choose a sensitivity you are cleared for.',
  severity: 'Choose a severity from the list, or “Not assessed”.',
  reviewState: 'Choose “Submitted for review” or “Draft”.',
  role: 'Choose a role from the list.',
  clearance: 'Choose a clearance from the list.',
  kind: 'Choose a kind from the list.',
  typeCode: 'Choose a type from the list.',
};

/** What an empty required text field asks for. */
const REQUIRED: Record<string, string> = {
  reason: 'Say why the access changed, in “Reason for the change”.',
  correctionNote: 'Say what this correction fixes, in “Correction note”.',
  validFrom: 'Enter the first day the status holds, in “Holds from”.',
  note: 'Write a note to the editor saying what to change: it is needed to send an entry back.',
  email: 'Enter an e-mail address, like name@example.org.',
  password: 'Enter the password.',
  displayName: 'Enter the person’s name.',
  name: 'Enter a name.',
  names: 'Enter at least one name, as “language | name”.',
  file: 'Choose a CSV file to import.',
};

const DATE_FIELDS = /^(validFrom|validTo|sources\.\d+\.publishedOn)$/;
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

/**
 * One field's problem, in words: names the field by its label and says what to do.
 * `value` is what the field holds (an empty one is "missing", whatever the check said).
 */
export function fieldProblemText(
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
    return 'The day in “Until” must be later than the day in “Holds from”; or leave “Until” empty.';
  const clash = /already (?:starts|has a status[^0-9]*) (?:on |from )?(\d{4}-\d{2}-\d{2})/.exec(
    message,
  );
  if (field === 'validFrom' && clash)
    return `Another status of this organisation in this area already starts on ${clash[1]}: choose another day in “Holds from”, or correct that entry.`;
  if (DATE_FIELDS.test(field)) {
    if (/1900|2199|between/.test(message))
      return `${label} must be a day between 1900 and 2199: check the year.`;
    if (empty && REQUIRED[field]) return REQUIRED[field];
    if (/date|YYYY|format|invalid/i.test(message) || problem.code === 'invalid_format')
      return `Enter ${quoted(label)} as a full date: day, month and year.`;
  }
  const term = /^terms\.(\d+)\.grantingPartyId$/.exec(field);
  if (term && looksLikeAChoice(problem))
    return `Choose who granted term ${Number(term[1]) + 1} from the list, or “Not named”.`;
  const sourceTitle = /^sources\.(\d+)\.title$/.exec(field);
  if (sourceTitle && (empty || looksRequired(problem)))
    return `Give source ${Number(sourceTitle[1]) + 1} a title, or remove the source.`;
  if (/\.url$/.test(field) || /http\(s\) address|invalid url/i.test(message))
    return `Enter ${quoted(label)} in full, starting with https://, or leave it empty.`;
  if (
    problem.code === 'too_big' ||
    /too (big|long)|at most|<=|maximum|characters? or fewer/i.test(message)
  ) {
    const limit = problem.limit ?? Number(/(\d[\d,]*)/.exec(message)?.[1]?.replace(/,/g, ''));
    return Number.isFinite(limit) && limit > 0
      ? `${label} is too long: shorten it to at most ${limit.toLocaleString('en-GB')} characters.`
      : `${label} is too long: shorten it.`;
  }
  if (top === 'email' && /email|e-mail|invalid/i.test(message) && !empty)
    return 'Enter the e-mail address in full, like name@example.org.';
  const minimum =
    problem.code === 'too_small' && problem.limit
      ? problem.limit
      : Number(/(?:>=|at least) ?(\d+) characters/i.exec(message)?.[1] ?? Number.NaN);
  if (!empty && Number.isFinite(minimum) && minimum > 1)
    return top === 'password'
      ? `Choose a password of at least ${minimum} characters.`
      : `${label} needs at least ${minimum} characters.`;
  if ((empty || looksRequired(problem)) && REQUIRED[field]) return REQUIRED[field];
  if ((empty || looksLikeAChoice(problem)) && (CHOOSE[field] ?? CHOOSE[top]))
    return (CHOOSE[field] ?? CHOOSE[top])!;
  if (empty || looksRequired(problem)) return `Fill in ${quoted(label)}.`;
  if (looksLikeAChoice(problem)) return `Choose ${quoted(label)} from the list.`;
  if (/constraint category/i.test(message))
    return 'Tick only the OCHA constraint categories listed (1 to 9).';
  // The API's own sentences (a clash, a rule): already words, prefixed by the label they concern.
  let text = message;
  for (const [pattern, words] of CODE_NAMES) text = text.replace(pattern, words);
  return sentence(`${label}: ${text}`);
}

/** A form's problems, in the order of its fields, each once. */
export function errorItems(
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

/** A problem that concerns no single field, or the request as a whole: what happened and what to do. */
export function problemText(problem: { status: number; code: string; message: string }): string {
  switch (problem.code) {
    case 'NETWORK':
    case 'API_UNAVAILABLE':
      return 'The server could not be reached. Nothing was saved: check your connection and try again.';
    case 'VERSION_SUPERSEDED':
    case 'PRECONDITION_FAILED':
      return 'Someone changed this entry since you opened it. Nothing was saved: your entries are kept below; compare them with the newer version and correct that one.';
    case 'CSRF_FAILED':
      return 'This page is out of date for your session. Nothing was saved: reload the page and try again.';
    case 'UNAUTHENTICATED':
    case 'SESSION_REQUIRED':
      return 'You are no longer signed in. Nothing was saved: sign in again in another tab, then try again here.';
    case 'RATE_LIMITED':
      return 'Too many attempts in a short time. Wait a few minutes, then try again.';
    case 'QUERY_TIMEOUT':
      return 'The server took too long to answer. Nothing was saved: try again in a moment.';
    case 'INTERNAL':
    case 'UNKNOWN':
      return 'Something went wrong on our side. Nothing was saved: try again, and tell an administrator if it happens again.';
    case 'TIMELINE_MOVED':
      return 'The validated status changed since this was proposed, so it cannot be validated as it stands. Send it back with a note, so that the editor bases it on the current status.';
    case 'PROPOSAL_UNDER_REVIEW':
      return 'This entry is an editor’s proposal: a coordinator validates it or sends it back from the review queue; only its editors change it.';
    case 'VALIDATION_FAILED':
      return 'Some answers need changing before this can be saved.';
    default: {
      let text = problem.message;
      for (const [pattern, words] of CODE_NAMES) text = text.replace(pattern, words);
      return sentence(text);
    }
  }
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

/** A CSV import's cell problem, in words: the column is the file's own header, so it stays. */
export function importProblemText(message: string): string {
  const options = [...message.matchAll(/"([^"]+)"/g)].map((match) => match[1]);
  if (/invalid option|expected one of/i.test(message) && options.length > 0)
    return `Write one of: ${options.join(', ')}.`;
  if (/invalid uuid/i.test(message))
    return 'Write an identifier this product gave out (as in an export), or leave the cell empty and give the name.';
  let text = message;
  for (const [pattern, words] of CODE_NAMES) text = text.replace(pattern, words);
  return sentence(text);
}
