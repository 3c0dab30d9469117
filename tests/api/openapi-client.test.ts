import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENTS } from '@access/contracts';
import { createTestApp, type TestApp } from '../support/app';
import { repoRoot } from '../support/api-process';

/**
 * Integrators generate clients from the OpenAPI document (issue 18, "For integrators"): types
 * from openapi-typescript, calls with openapi-fetch. This generates both from the running
 * API's document, type-checks a small client against them (and a client with a mistake,
 * which must fail), then runs the client against the API: sign in, list areas, one write.
 * The document also describes what webhooks send (OpenAPI 3.1 `webhooks`) and the feeds.
 */
type Json = Record<string, any>;
let t: TestApp;
let baseUrl: string;
let document: Json;
// under node_modules, so the client resolves openapi-fetch as an integrator's project would
const dir = path.join(
  repoRoot,
  'node_modules',
  '.cache',
  `openapi-client-${randomBytes(4).toString('hex')}`,
);

const CLIENT = `
import createClient from 'openapi-fetch';
import type { components, paths, webhooks } from './api';

/** What webhooks send, typed from the document. */
export type Delivery = components['schemas']['WebhookPayload'];
export type IncidentDelivery = webhooks['incident.recorded']['post']['requestBody']['content']['application/json'];
const event: Delivery['event'] = 'access_status.recorded';

export async function run(baseUrl: string, email: string, password: string) {
  const anonymous = createClient<paths>({ baseUrl });
  const login = await anonymous.POST('/api/auth/login', { body: { email, password } });
  if (!login.data) throw new Error('sign-in failed: ' + login.response.status);
  const cookie = login.response.headers.get('set-cookie')!.split(';')[0]!;
  const client = createClient<paths>({
    baseUrl,
    headers: { cookie, 'x-csrf-token': login.data.csrfToken ?? '' },
  });
  const areas = await client.GET('/api/areas', { params: { query: { limit: 5 } } });
  const organizations = await client.GET('/api/organizations', { params: { query: { q: 'ICRC' } } });
  const areaId: string = areas.data!.items[0]!.id;
  const organizationId: string = organizations.data!.items[0]!.id;
  const recorded = await client.POST('/api/access-statuses', {
    body: {
      organizationId,
      areaId,
      status: 'CONSTRAINED',
      validFrom: '2031-01-01',
      reason: 'Recorded by a generated client',
      sensitivity: 'LOW',
    },
  });
  const refused = await client.POST('/api/access-statuses', {
    body: {
      organizationId,
      areaId,
      status: 'CONSTRAINED',
      validFrom: '2031-02-30',
      reason: 'Not a date',
      sensitivity: 'LOW',
    },
  });
  return {
    event,
    areas: areas.data!.items.length,
    recordedStatus: recorded.data?.status,
    recordedId: recorded.data?.id,
    httpStatus: recorded.response.status,
    refusedCode: refused.error?.error.code,
  };
}
`;

/** Type errors of `files` (compiled with the generated types), as text. */
function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    skipLibCheck: true,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  document = (await t.anonymous.get('/api/openapi.json')).json();
  fs.mkdirSync(dir, { recursive: true });
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

describe('the OpenAPI document for integrators', () => {
  it('describes every webhook payload (OpenAPI 3.1 `webhooks`) with its signature headers', () => {
    const delivered = WEBHOOK_EVENTS.filter((event) => event !== 'access_status.deteriorated');
    expect(Object.keys(document.webhooks).sort()).toEqual([...delivered].sort());
    const schemas = document.components.schemas;
    for (const [event, item] of Object.entries<Json>(document.webhooks)) {
      const operation = item.post;
      expect(operation.operationId, event).toMatch(/^webhook[A-Z]/);
      expect(operation.parameters.map((p: Json) => `${p.in} ${p.name}`)).toEqual([
        'header x-webhook-id',
        'header x-webhook-timestamp',
        'header x-webhook-signature',
        'header x-webhook-event',
      ]);
      const ref = operation.requestBody.content['application/json'].schema.$ref as string;
      expect(schemas[ref.replace('#/components/schemas/', '')], event).toBeDefined();
    }
    expect(schemas.WebhookPayload.properties.data.properties).toHaveProperty('accessStatus');
    // the operationIds of webhooks are unique among the document's
    const ids = [
      ...Object.values<Json>(document.paths).flatMap((item) =>
        Object.values<Json>(item).map((operation) => operation.operationId),
      ),
      ...Object.values<Json>(document.webhooks).map((item) => item.post.operationId),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes the Atom feeds, their token and their content type', () => {
    for (const route of ['/api/feeds/areas/{id}.atom', '/api/feeds/organizations/{id}.atom']) {
      const operation = document.paths[route].get;
      expect(Object.keys(operation.responses['200'].content), route).toEqual([
        'application/atom+xml',
      ]);
      expect(operation.parameters.map((p: Json) => `${p.in} ${p.name}`)).toEqual(
        expect.arrayContaining(['path id', 'query token']),
      );
    }
  });

  it('generates a client that type-checks against it, and refuses one that does not', async () => {
    // defaultNonNullable: false, as the README says: a request field with a default (terms: [])
    // may be left out, which the generator's default setting would forbid
    const ast = await openapiTS(document as never, { defaultNonNullable: false });
    fs.writeFileSync(path.join(dir, 'api.d.ts'), astToString(ast));
    fs.writeFileSync(path.join(dir, 'client.ts'), CLIENT);
    expect(typeErrors([path.join(dir, 'client.ts')])).toEqual([]);
    // the same client with mistakes an integrator could make: each is a type error
    const wrong = CLIENT.replace("'/api/areas'", "'/api/area'")
      .replace(
        "status: 'CONSTRAINED',\n      validFrom: '2031-01-01'",
        "status: 'OPEN',\n      validFrom: '2031-01-01'",
      )
      .replace("'access_status.recorded'", "'access_status.exploded'");
    fs.writeFileSync(path.join(dir, 'wrong.ts'), wrong);
    const errors = typeErrors([path.join(dir, 'wrong.ts')]);
    expect(errors.join('\n')).toMatch(/"\/api\/area"/);
    expect(errors.join('\n')).toMatch(/"OPEN"/);
    expect(errors.join('\n')).toMatch(/"access_status.exploded"/);
  }, 120_000);

  it('talks to the running API: signs in, lists areas, records a status, and reads a refusal', async () => {
    fs.writeFileSync(path.join(dir, 'client.ts'), CLIENT);
    const js = ts.transpileModule(CLIENT, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    fs.writeFileSync(path.join(dir, 'client.mjs'), js);
    const client = await import(pathToFileURL(path.join(dir, 'client.mjs')).href);
    const result = await client.run(baseUrl, 'coordinator@demo.local', 'demo-password');
    expect(result).toMatchObject({
      event: 'access_status.recorded',
      recordedStatus: 'CONSTRAINED',
      httpStatus: 201,
      refusedCode: 'VALIDATION_FAILED',
    });
    expect(result.areas).toBeGreaterThan(0);
    const stored = await t.db.accessStatusVersion.findUniqueOrThrow({
      where: { id: result.recordedId },
    });
    expect(stored.reason).toBe('Recorded by a generated client');
  });
});
