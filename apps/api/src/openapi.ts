import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { WEBHOOK_EVENTS, WEBHOOK_HEADERS, WEBHOOK_TOLERANCE_SECONDS } from '@access/contracts';

/**
 * An operation's `operationId`, derived from its method and path so that every route has
 * one, new routes included, and it changes only when the route does:
 * `GET /api/access-statuses/{id}/history` is `getAccessStatusesByIdHistory`,
 * `GET /api/exports/access-statuses.csv` is `getExportsAccessStatusesCsv`. A route that
 * names its own (`schema.operationId`) keeps it.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api(?=\/|$)/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const parameter = /^(?::(\w+)|\{(\w+)\})$/.exec(segment);
      if (parameter) return ['by', parameter[1] ?? parameter[2]!];
      return segment.split(/[^A-Za-z0-9]+/).filter(Boolean);
    });
  return [
    method.toLowerCase(),
    ...words.map((word) => word[0]!.toUpperCase() + word.slice(1)),
  ].join('');
}

type Document = Record<string, unknown> & {
  paths?: Record<string, unknown>;
  webhooks?: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
};

/** Names of the component schemas `value` refers to, directly. */
function referencedSchemas(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) referencedSchemas(item, into);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith('#/components/schemas/'))
        into.add(decodeURIComponent(item.slice('#/components/schemas/'.length)));
      else referencedSchemas(item, into);
    }
  }
}

/**
 * Keeps only the component schemas an operation reaches: every zod schema with an id is
 * registered, input and output variants both, and integrators' generators would turn the
 * unused ones into types nothing returns.
 */
function withoutUnusedSchemas(document: Document): Document {
  const schemas = document.components?.schemas;
  if (!schemas) return document;
  const used = new Set<string>();
  referencedSchemas(document.paths, used);
  referencedSchemas(document.webhooks, used);
  for (let pending = [...used]; pending.length > 0; ) {
    const found = new Set<string>();
    for (const name of pending) referencedSchemas(schemas[name], found);
    pending = [...found].filter((name) => !used.has(name));
    for (const name of pending) used.add(name);
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...document, components: { ...document.components, schemas: kept } };
}

/**
 * Two shapes zod writes that say less than they could to a client generator, rewritten
 * where they occur: a record keyed by an enum (`propertyNames` + `required`) also names its
 * keys as properties, and "any value or null" (`anyOf: [{}, {type: "null"}]`) is just `{}`.
 */
function plainer(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainer);
  if (!value || typeof value !== 'object') return value;
  const schema = Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, plainer(item)]),
  ) as Record<string, unknown>;
  const { anyOf, required, properties, additionalProperties } = schema;
  if (Array.isArray(anyOf) && anyOf.some((branch) => Object.keys(branch ?? {}).length === 0)) {
    delete schema.anyOf;
    return schema;
  }
  if (
    Array.isArray(required) &&
    properties === undefined &&
    additionalProperties &&
    typeof additionalProperties === 'object'
  )
    schema.properties = Object.fromEntries(required.map((key) => [key, additionalProperties]));
  return schema;
}

/**
 * What a registered endpoint receives (OpenAPI 3.1 `webhooks`), one entry per event type it
 * can be sent: the payload (a component generated from ZWebhookPayload, like the routes'),
 * the signature headers and what the receiver's answer means.
 */
export function webhooksSection(): Record<string, unknown> {
  const header = (name: string, description: string) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string' },
  });
  const parameters = [
    header(
      WEBHOOK_HEADERS.id,
      "the idempotency key: the delivery's id, the same on every retry (and the body's `id`)",
    ),
    header(
      WEBHOOK_HEADERS.timestamp,
      `seconds since the Unix epoch when this attempt was signed; refuse one more than ${WEBHOOK_TOLERANCE_SECONDS} s from your clock`,
    ),
    header(
      WEBHOOK_HEADERS.signature,
      "`sha256=` + the hex HMAC-SHA256 of the timestamp, a dot and the raw body, with the endpoint's secret; compare in constant time",
    ),
    header(WEBHOOK_HEADERS.event, "the event type, as the body's `event`"),
  ];
  const delivered = WEBHOOK_EVENTS.filter((event) => event !== 'access_status.deteriorated');
  return Object.fromEntries(
    delivered.map((event) => [
      event,
      {
        post: {
          operationId: `webhook${operationIdOf('post', `/${event}`).slice('post'.length)}`,
          summary: `Sent for ${event}`,
          description:
            "POSTed to each endpoint subscribed to this type (or `*`, or, for a status worse than the one it replaced in the owner's timeline, `access_status.deteriorated`), matching its area, organisation and party filters, with the record as the endpoint's owner sees it. Retried with exponential backoff until answered 2xx; an endpoint failing for a day is paused.",
          tags: ['webhooks'],
          // the receiver authenticates the sender by the signature, not by our credentials
          security: [],
          parameters,
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/WebhookPayload' } },
            },
          },
          responses: {
            '2XX': { description: 'Taken: delivered, never sent again' },
            '4XX': {
              description:
                'Refused: retried like any other failure (also 5xx, a redirect, or no answer within the timeout)',
            },
          },
        },
      },
    ]),
  );
}

/** What every upload route reads: one CSV file, in a multipart field named `file`. */
const UPLOAD_BODY = {
  type: 'object',
  required: ['file'],
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      contentMediaType: 'text/csv',
      description: 'the CSV file (UTF-8; comma, semicolon or tab separated)',
    },
  },
};

/**
 * The OpenAPI document, generated from the routes' zod schemas: OpenAPI 3.1 (JSON Schema
 * 2020-12, so a nullable value is `type: [x, "null"]` or `anyOf` with `{type: "null"}`,
 * never a bare `nullable`), one server (the address the document is read from: the API's,
 * or the dashboard's, which forwards /api), an operationId on every operation.
 */
export const openApiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Humanitarian access monitor API',
      version: '0.1.0',
      description:
        'Which organisations can reach which areas, on what terms, and how that changed. Sign in with POST /api/auth/login (cookie + X-CSRF-Token for changes) or send an API token as `Authorization: Bearer …`.',
    },
    servers: [
      {
        url: '/',
        description:
          'The server this document was read from: the API, or the dashboard, which forwards /api to it',
      },
    ],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'access_session' },
        token: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ session: [] }, { token: [] }],
  },
  transform: (input) => {
    const transformed = jsonSchemaTransform(input);
    const method = Array.isArray(input.route.method) ? input.route.method[0] : input.route.method;
    // an upload's body is read by the multipart parser, not validated by a schema: described
    // here, for the document only, so that its operation says what to send
    const uploads = input.schema?.consumes?.includes('multipart/form-data') && !input.schema.body;
    return {
      ...transformed,
      schema: {
        operationId: operationIdOf(String(method), input.url),
        ...transformed.schema,
        ...(uploads ? { body: UPLOAD_BODY } : {}),
      },
    };
  },
  transformObject: (document) =>
    withoutUnusedSchemas({
      ...(plainer(jsonSchemaTransformObject(document)) as Document),
      webhooks: webhooksSection(),
    }) as ReturnType<typeof jsonSchemaTransformObject>,
};
