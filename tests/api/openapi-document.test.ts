import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationIdOf } from '../../apps/api/src/openapi';
import { createTestApp, type TestApp } from '../support/app';

/**
 * What integrators generate clients from (issue 18, "For integrators"): the rules of Redocly's
 * recommended set that the document used to break, checked here without Redocly (7 errors:
 * `nullable` without a type, an empty `servers`; warnings: no operationId, unused components).
 */
type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

let t: TestApp;
let document: Json & {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, unknown> };
};

/** Every object in `value`, with its JSON pointer. */
function* objectsIn(value: unknown, pointer = '#'): Generator<[string, Json]> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* objectsIn(item, `${pointer}/${index}`);
  } else if (value && typeof value === 'object') {
    yield [pointer, value as Json];
    for (const [key, item] of Object.entries(value))
      yield* objectsIn(item, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
  }
}

const operations = () =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );

beforeAll(async () => {
  t = await createTestApp();
  document = (await t.anonymous.get('/api/openapi.json')).json();
});
afterAll(() => t.close());

describe('GET /api/openapi.json', () => {
  it('says what an upload sends: a CSV file in a multipart field named file', () => {
    const uploads = operations().filter(({ operation }) =>
      JSON.stringify(operation).includes('multipart'),
    );
    expect(uploads.map(({ path }) => path).sort()).toEqual([
      '/api/imports',
      '/api/imports/access-requests',
      '/api/imports/incidents',
    ]);
    for (const { operation } of uploads) {
      const body = operation.requestBody as {
        content: Record<string, { schema: { required: string[]; properties: Json } }>;
      };
      const form = body.content['multipart/form-data']!.schema;
      expect(form.required).toEqual(['file']);
      expect(form.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    }
  });

  it('is OpenAPI 3.1 and names a server', () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.servers?.length).toBeGreaterThan(0);
    for (const server of document.servers!) expect(server.url).toBeTruthy();
  });

  it('gives every operation a unique operationId derived from its method and path', () => {
    const all = operations();
    expect(all.length).toBeGreaterThan(30);
    const ids = all.map(({ operation }) => operation.operationId);
    expect(ids.filter((id) => typeof id !== 'string')).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, operation } of all)
      expect(operation.operationId, `${method} ${path}`).toBe(operationIdOf(method, path));
  });

  it('derives stable, readable operationIds', () => {
    expect(operationIdOf('GET', '/api/access-statuses/:id/history')).toBe(
      'getAccessStatusesByIdHistory',
    );
    expect(operationIdOf('post', '/api/access-statuses/{id}/corrections')).toBe(
      'postAccessStatusesByIdCorrections',
    );
    expect(operationIdOf('GET', '/api/exports/access-statuses.csv')).toBe(
      'getExportsAccessStatusesCsv',
    );
    expect(operationIdOf('GET', '/api/health')).toBe('getHealth');
  });

  it('has no `nullable` (OpenAPI 3.0) anywhere: null is a type of its own', () => {
    const nullable = [...objectsIn(document)]
      .filter(([pointer, node]) => 'nullable' in node && !pointer.includes('/properties/nullable'))
      .map(([pointer]) => pointer);
    expect(nullable).toEqual([]);
  });

  it('refers only to schemas it defines, and defines only schemas it refers to', () => {
    const referenced = new Set(
      [...objectsIn(document)]
        .map(([, node]) => node.$ref)
        .filter((ref): ref is string => typeof ref === 'string')
        .map((ref) => ref.replace('#/components/schemas/', '')),
    );
    const defined = Object.keys(document.components.schemas);
    expect([...referenced].filter((name) => !defined.includes(name))).toEqual([]);
    expect(defined.filter((name) => !referenced.has(name))).toEqual([]);
    expect(defined).toContain('AccessStatusVersion');
  });

  it('names the keys of a record keyed by an enum, and lets "any value" be null without anyOf', () => {
    const emptyBranches = [...objectsIn(document)]
      .filter(
        ([, node]) =>
          Array.isArray(node.anyOf) &&
          (node.anyOf as unknown[]).some((branch) => Object.keys(branch ?? {}).length === 0),
      )
      .map(([pointer]) => pointer);
    expect(emptyBranches).toEqual([]);
    const undefinedRequired = [...objectsIn(document)]
      .filter(([, node]) => Array.isArray(node.required))
      .flatMap(([pointer, node]) =>
        (node.required as string[])
          .filter((key) => !(key in ((node.properties as Json | undefined) ?? {})))
          .map((key) => `${pointer}: ${key}`),
      );
    expect(undefinedRequired).toEqual([]);
  });
});
