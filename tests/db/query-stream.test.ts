import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createQueryStreamer,
  CrlfLines,
  inlineParameters,
} from '../../packages/db/src/query-stream';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { HOSTILE_STRINGS } from '../support/fuzz';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe("COPY exports' parameters, inlined as literals", () => {
  it('mean exactly what the bind parameters meant, whatever the text (quotes, backslashes, injection attempts)', async () => {
    const text =
      'SELECT $1::text AS one, $2::text[] AS many, $3::date AS day, $4::smallint[] AS codes';
    const safe = (value: string) => value.replaceAll('\u0000', '').replace(/[\ud800-\udfff]/g, '');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'grapheme' })).map(safe),
        fc.array(fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string()).map(safe), {
          maxLength: 4,
        }),
        async (one, many) => {
          const values = [one, many, '2024-02-29', [1, 9]];
          const bound = (await database.sql(text, values)).rows[0];
          const inlined = (await database.sql(inlineParameters(text, values))).rows[0];
          expect(inlined).toEqual(bound);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('CRLF line ends for the CSV COPY writes', () => {
  it('turn row ends into CRLF and keep line breaks inside quoted cells, however the bytes are chunked', async () => {
    const csv = 'a,"multi\nline ""quoted""\ncell",b\nc,d,""\n"x\n",y\n';
    const expected = 'a,"multi\nline ""quoted""\ncell",b\r\nc,d,""\r\n"x\n",y\r\n';
    for (let size = 1; size <= csv.length; size++) {
      const chunks = Array.from({ length: Math.ceil(csv.length / size) }, (_, i) =>
        Buffer.from(csv.slice(i * size, (i + 1) * size)),
      );
      const out = await buffer(Readable.from(chunks).pipe(new CrlfLines()));
      expect(out.toString()).toBe(expected);
    }
  });
});

describe('the export connections', () => {
  it('sort in memory and plan without Memoize (one purged and rebuilt its cache on every row of a history)', async () => {
    const streamer = createQueryStreamer(database.url, { poolSize: 1 });
    try {
      const out = await buffer(
        streamer.copyCsv(
          "SELECT current_setting('work_mem'), current_setting('enable_memoize')",
          [],
        ),
      );
      expect(out.toString()).toBe('64MB,off\r\n');
    } finally {
      await streamer.close();
    }
  });
});
