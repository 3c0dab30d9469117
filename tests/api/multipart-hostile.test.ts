import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import { makeUser, TEST_PASSWORD } from '../support/factories';

/**
 * Uploads that are not well-formed multipart (found by a hostile walk): each answered at
 * once with a 4xx in the error shape naming the file, never a 500 or no answer at all.
 */
let t: TestApp;
let coordinator: Client;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
});
afterAll(() => t.close());

const CSV = 'organization_acronym,area_name,status,valid_from\r\nOCHA,Nowhere,FULL,2013-01-01\r\n';
const B = 'XYZ';
const part = (name: string, value: string, filename?: string) =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n${value}\r\n`;

const cases: [string, string, string][] = [
  [
    'nine text fields before the file',
    `multipart/form-data; boundary=${B}`,
    `${Array.from({ length: 9 }, (_, i) => part(`f${i}`, 'x')).join('')}${part('file', CSV, 'a.csv')}--${B}--\r\n`,
  ],
  [
    'a body cut off inside the file (no closing boundary)',
    `multipart/form-data; boundary=${B}`,
    `--${B}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${CSV}`,
  ],
  ['no boundary', 'multipart/form-data', 'abc'],
  ['a boundary and no parts at all', `multipart/form-data; boundary=${B}`, 'abc'],
  [
    'two files',
    `multipart/form-data; boundary=${B}`,
    `${part('file', CSV, 'a.csv')}${part('file', CSV, 'b.csv')}--${B}--\r\n`,
  ],
];

describe('a malformed multipart upload', () => {
  for (const path of ['/api/imports', '/api/imports/incidents', '/api/imports/access-requests'])
    it.each(cases)(
      `${path}: %s is a 4xx naming the file, at once`,
      async (_name, type, body) => {
        const started = Date.now();
        const response = await coordinator.request({
          method: 'POST',
          url: `${path}?dryRun=true`,
          payload: body,
          headers: { 'content-type': type },
        });
        expect(Date.now() - started).toBeLessThan(5000);
        expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, response.body).toBeLessThan(500);
        const { error } = response.json();
        expect(error.code).toMatch(/^[A-Z_]+$/);
        expect(error.message.length).toBeGreaterThan(10);
        // the field at fault, when the answer names one
        if (error.details?.issues) expect(error.details.issues[0].field).toBe('file');
      },
      10_000,
    );
});

describe('a file with two columns for one field', () => {
  it.each([
    [
      '/api/imports',
      'organization_acronym,area_name,status,valid_from,sensitivity,status\r\nOCHA,Nowhere,FULL,2013-01-01,LOW,DENIED\r\n',
      'F (status)',
    ],
    [
      '/api/imports/incidents',
      'organization_name,area_name,occurred_on,category,sensitivity,category\r\nOCHA,Nowhere,2024-01-01,1,LOW,2\r\n',
      'D (category) and F (category)',
    ],
    [
      '/api/imports/access-requests',
      'party_name,stance,party_name\r\nA,GRANTED,B\r\n',
      'A (party_name) and C (party_name)',
    ],
  ])('%s: refused whole, naming both columns', async (path, csv, named) => {
    const response = await coordinator.request({
      method: 'POST',
      url: `${path}?dryRun=true`,
      payload: `${part('file', csv, 'a.csv')}--${B}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${B}` },
    });
    expect(response.statusCode, response.body).toBe(400);
    const { error } = response.json();
    expect(error.details.issues[0].field).toBe('file');
    expect(error.message).toContain('two columns hold');
    expect(error.message).toContain(named);
  });
});
