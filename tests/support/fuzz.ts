import fc from 'fast-check';

/**
 * Inputs for the OpenAPI fuzz test: values that follow a JSON schema, values that break
 * it on purpose, and the classic hostile strings.
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
};

/** base64url of JSON: what a keyset cursor looks like. */
const cursorOf = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
const SOME_ID = '00000000-0000-4000-8000-000000000000';

export const HOSTILE_STRINGS = [
  '',
  ' ',
  "' OR '1'='1",
  "'; DROP TABLE access_status_versions; --",
  '") OR 1=1 --',
  '$1',
  '%',
  '_',
  '\\',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${jndi:ldap://x}',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202eRTL override',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'e\u0301\u0301\u0301',
  '\uFEFFbom',
  '2024-02-30',
  '2023-13-01',
  '0000-00-00',
  '9999-12-31',
  '275760-09-13',
  '-000001-01-01',
  '2024-01-01T25:61:61Z',
  '1e308',
  '-1',
  'NaN',
  'Infinity',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'not-a-uuid',
  '=HYPERLINK("http://x")',
  // control characters, backslashes and LIKE wildcards
  '\u0001\u0002\u0007\u001b[31m',
  'a\u007fb',
  'tab\there',
  '\\',
  'a\\',
  '\\%',
  '%_%',
  '100%',
  // bidi marks and invisible characters
  '\u200f\u202bمرحبا\u202c',
  '\u2066isolate\u2069',
  '\u200b\u200c\u200d',
  // very long
  'a'.repeat(5_000),
  '\\'.repeat(3_000),
  // integers past 2^63, and dates at the ends of the calendar
  '9223372036854775808',
  '-9223372036854775809',
  '99999999999999999999999999',
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '10000-01-01',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '10000-01-01T00:00:00Z',
  '1899-12-31',
  '2200-01-01',
  '0001-01-01T00:00:00+01:00',
  '9999-12-31T23:59:59-05:00',
  '2199-12-31T23:00:00-05:00',
  '+010000-01-01',
  // lone surrogates and more direction marks
  'a\udc00b',
  '\ud83d',
  '\u200e\u202a\u202d\u061c',
  // text that looks like a list's cursor (base64url JSON) holding what no list gives out
  cursorOf(['a\u0000', SOME_ID]),
  cursorOf(['\ud800', 'b', SOME_ID]),
  cursorOf(['a', 'not an id']),
  cursorOf([]),
  'null',
  'true',
  '[]',
  '{}',
];

export const HOSTILE_NUMBERS = [
  0,
  -1,
  -0,
  1.5,
  32768,
  -32769,
  2147483648,
  9007199254740991,
  -9007199254740991,
  2 ** 63,
  -(2 ** 63),
  2 ** 64,
  1e21,
  1e308,
  -1e308,
  Number.MAX_VALUE,
];

/**
 * Every hostile value, for the sweep that puts each into each parameter of an otherwise
 * valid request: the strings and numbers, JSON shapes, and a query key given twice.
 */
export const HOSTILE_DICTIONARY: unknown[] = [
  ...HOSTILE_STRINGS,
  ...HOSTILE_NUMBERS,
  null,
  true,
  false,
  [],
  {},
  [null],
  { $ne: null },
  [''],
  ['', ''],
  ['2024-01-01', '2024-01-01'],
  [SOME_ID, SOME_ID],
];

/** The entries behind the findings of issue 11, for the quick sweep `npm test` runs. */
export const CORE_DICTIONARY: unknown[] = [
  '\u0000',
  'a\\',
  '\ud800',
  '9223372036854775808',
  '0000-01-01',
  '9999-12-31T23:59:59-05:00',
  '',
  ['1', '1'],
];

/** A JSON value nested `depth` deep: [[[…]]] or {"a":{"a":…}} */
export function deepJson(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

const hostileAny: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...HOSTILE_STRINGS),
  fc.constantFrom<unknown>(...HOSTILE_NUMBERS),
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    [],
    {},
    [null],
    { $ne: null },
    { __proto__: { admin: true } },
  ),
  fc.constantFrom<unknown>('x'.repeat(20_000), 'é'.repeat(70_000)),
  fc.constantFrom<unknown>(deepJson(200, 'array'), deepJson(200, 'object')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  // ordinary letters with backslashes, wildcards, NULs, lone surrogates and bidi marks among them
  fc
    .array(fc.constantFrom('a', '\\', '%', '_', '\u0000', '\ud800', '\u202e', '\u0007', "'"), {
      maxLength: 12,
    })
    .map((parts) => parts.join('')),
  fc.double(),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
);

const anyDate = fc.date({
  min: new Date('0000-01-01T00:00:00Z'),
  max: new Date('9999-12-31T23:59:59Z'),
  noInvalidDate: true,
});
const usualDate = fc.date({
  min: new Date('1900-01-01'),
  max: new Date('2100-12-31'),
  noInvalidDate: true,
});
/** Dates in the product's calendar, and (unless a valid value is asked for) now and then across the whole calendar, its ends included. */
const datesOf = (context: FuzzContext) =>
  context.hostile === false
    ? usualDate
    : fc.oneof({ weight: 4, arbitrary: usualDate }, { weight: 1, arbitrary: anyDate });

/**
 * What the generator knows of the data: ids, by the field that holds them when known
 * (`organizationId` gets organisations), the field being generated, and whether parts may
 * be swapped for hostile values (`hostile: false` gives a valid request to start from).
 */
export interface FuzzContext {
  ids: string[];
  idsByField?: Record<string, string[]>;
  field?: string;
  hostile?: boolean;
}

function idsFor(context: FuzzContext): string[] {
  const named = context.field ? context.idsByField?.[context.field.replace(/s$/, '')] : undefined;
  if (named?.length) return named;
  return context.ids.length ? context.ids : ['00000000-0000-0000-0000-000000000000'];
}

export function resolve(
  schema: JsonSchema,
  root: { components?: { schemas?: Record<string, JsonSchema> } },
): JsonSchema {
  let current = schema;
  for (let guard = 0; current.$ref && guard < 10; guard++) {
    current = root.components?.schemas?.[current.$ref.replace('#/components/schemas/', '')] ?? {};
  }
  return current;
}

function typesOf(schema: JsonSchema): string[] {
  return Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
}

/** Mostly-valid values for a schema, each part of which may be swapped for a hostile one. */
export function arbitraryFor(
  schema: JsonSchema,
  root: Parameters<typeof resolve>[1],
  context: FuzzContext,
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = resolve(schema, root);
  const valid = validFor(s, root, context, depth);
  if (context.hostile === false) return valid;
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: hostileAny });
}

function validFor(
  s: JsonSchema,
  root: Parameters<typeof resolve>[1],
  context: FuzzContext,
  depth: number,
): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length)
    return fc.oneof(...alternatives.map((alt) => arbitraryFor(alt, root, context, depth + 1)));
  if (s.allOf?.length) return arbitraryFor(s.allOf[0]!, root, context, depth + 1);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const types = typesOf(s);
  const type =
    types.find((candidate) => candidate !== 'null') ?? (s.properties ? 'object' : 'string');
  let arbitrary: fc.Arbitrary<unknown>;
  switch (type) {
    case 'string':
      arbitrary =
        s.format === 'uuid' || s.pattern?.includes('[0-9a-fA-F]{8}')
          ? fc.oneof(
              { weight: 4, arbitrary: fc.constantFrom(...idsFor(context)) },
              { weight: 1, arbitrary: fc.uuid() },
            )
          : s.format === 'date'
            ? datesOf(context).map((d) => d.toISOString().slice(0, 10))
            : s.format === 'date-time'
              ? datesOf(context).map((d) =>
                  d.toISOString().replace(/Z$/, d.getUTCSeconds() % 2 ? 'Z' : '-05:00'),
                )
              : s.format === 'email'
                ? fc.emailAddress()
                : s.format === 'uri'
                  ? fc.webUrl()
                  : fc.string({
                      minLength: s.minLength ?? 0,
                      maxLength: Math.min(s.maxLength ?? 30, 60),
                    });
      break;
    case 'integer':
      arbitrary = fc.integer({
        min: Math.max(s.minimum ?? -1000, -1e6),
        max: Math.min(s.maximum ?? 1000, 1e6),
      });
      break;
    case 'number':
      arbitrary = fc.double({
        min: Math.max(s.minimum ?? -1000, -1e6),
        max: Math.min(s.maximum ?? 1000, 1e6),
        noNaN: true,
      });
      break;
    case 'boolean':
      arbitrary = fc.boolean();
      break;
    case 'array':
      arbitrary = fc.array(arbitraryFor(s.items ?? {}, root, context, depth + 1), {
        maxLength: Math.min(s.maxItems ?? 4, 4),
      });
      break;
    case 'object': {
      const properties = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties))
        record[name] = arbitraryFor(property, root, { ...context, field: name }, depth + 1);
      arbitrary = fc.record(record, {
        requiredKeys: Object.keys(properties).filter(
          (name) => required.has(name) || Math.random() < 0.5,
        ),
      });
      break;
    }
    default:
      arbitrary = hostileAny;
  }
  return types.includes('null') || s.nullable
    ? fc.option(arbitrary, { nil: null, freq: 6 })
    : arbitrary;
}

/**
 * Query-string values: arrays become repeated keys, anything else its string form. With
 * `repeat`, each key also comes again (empty, then repeated many times): parsers differ on
 * repeated and empty parameters, and a handler must not loop over a client's count.
 */
export function toQuery(values: Record<string, unknown>, repeat: 0 | 1 | 2 = 0): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      params.append(name, typeof item === 'string' ? item : (JSON.stringify(item) ?? ''));
    }
    if (repeat === 1) params.append(name, '');
    // (a short value 500 times: a long one would make an address of hundreds of megabytes)
    if (repeat === 2)
      for (let i = 0; i < 500; i++)
        params.append(name, typeof value === 'string' && value.length <= 100 ? value : 'x');
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
