import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '@access/db';
import { cellSql, joinMultiSql } from '@access/domain';
import { createTestApp, type TestApp } from '../support/app';
import { makeArea, makeOrganization, statusBody } from '../support/factories';

/**
 * A version's terms and sources are kept as the report's cells (access_version_cells,
 * migration 20261130150000), by triggers written from the export's builders. The kept
 * cells must stay what those builders compute from the rows themselves, for any text a
 * person can type, and follow a party's new name.
 */
let t: TestApp;
let admin: Awaited<ReturnType<TestApp['signIn']>>;
let organizationId: string;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.signIn('admin@demo.local');
  organizationId = (await makeOrganization(t.db)).id;
});
afterAll(() => t.close());

const COLUMNS = [
  'term_types',
  'granting_parties',
  'legal_references',
  'term_notes',
  'source_titles',
  'source_publishers',
  'source_urls',
  'source_dates',
] as const;
type Cells = Record<(typeof COLUMNS)[number], string | null>;

const guarded = (slot: Prisma.Sql, order: Prisma.Sql) =>
  Prisma.raw(cellSql(`(${joinMultiSql(slot, order).text})`));

/** The cells as the builders compute them from the version's rows now. */
async function computed(versionId: string): Promise<Cells> {
  const term = Prisma.sql`term.position`;
  const source = Prisma.sql`source.position`;
  const [row] = await t.db.$queryRaw<Cells[]>`
    SELECT
      (SELECT ${guarded(Prisma.sql`term.type::text`, term)} FROM access_terms term WHERE term.version_id = ${versionId}::uuid) AS term_types,
      (SELECT ${guarded(Prisma.sql`party.name`, term)} FROM access_terms term LEFT JOIN parties party ON party.id = term.granting_party_id WHERE term.version_id = ${versionId}::uuid) AS granting_parties,
      (SELECT ${guarded(Prisma.sql`term.legal_reference`, term)} FROM access_terms term WHERE term.version_id = ${versionId}::uuid) AS legal_references,
      (SELECT ${guarded(Prisma.sql`term.note`, term)} FROM access_terms term WHERE term.version_id = ${versionId}::uuid) AS term_notes,
      (SELECT ${guarded(Prisma.sql`source.title`, source)} FROM access_sources source WHERE source.version_id = ${versionId}::uuid) AS source_titles,
      (SELECT ${guarded(Prisma.sql`source.publisher`, source)} FROM access_sources source WHERE source.version_id = ${versionId}::uuid) AS source_publishers,
      (SELECT ${guarded(Prisma.sql`source.url`, source)} FROM access_sources source WHERE source.version_id = ${versionId}::uuid) AS source_urls,
      (SELECT ${guarded(Prisma.sql`to_char(source.published_on, 'YYYY-MM-DD')`, source)} FROM access_sources source WHERE source.version_id = ${versionId}::uuid) AS source_dates`;
  return row!;
}

async function kept(versionId: string): Promise<Cells | undefined> {
  const [row] = await t.db.$queryRaw<Cells[]>`
    SELECT ${Prisma.raw(COLUMNS.join(', '))} FROM access_version_cells WHERE version_id = ${versionId}::uuid`;
  return row;
}

/** Text a person might type: spaces of every kind, separators, formula starts, controls. */
const typed = fc.oneof(
  fc.constant(null),
  fc.string({
    unit: fc.constantFrom(
      'a',
      'Z',
      'é',
      'ա',
      ' ',
      '\t',
      '\r',
      '\n',
      '\u00a0',
      '\u3000',
      '\ufeff',
      '|',
      '=',
      '+',
      '-',
      '@',
      "'",
      '"',
      ',',
      ';',
      '\u0001',
      '\u202e',
    ),
    maxLength: 12,
  }),
);

async function recordVersion(body: Record<string, unknown> = {}): Promise<string> {
  const area = await makeArea(t.db);
  const response = await admin.post(
    '/api/access-statuses',
    statusBody(organizationId, area.id, body),
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

describe('the kept report cells of terms and sources', () => {
  it('are what the export’s builders compute from the rows, for any text typed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ party: typed, reference: typed, note: typed }), { maxLength: 4 }),
        fc.array(
          fc.record({
            title: typed.map((title) => title ?? 'untitled'),
            publisher: typed,
            url: typed,
            day: fc.option(fc.integer({ min: 0, max: 3000 })),
          }),
          { maxLength: 4 },
        ),
        async (terms, sources) => {
          const versionId = await recordVersion();
          // written as any writer writes them: each table in one statement, as the version store does
          for (const [position, term] of terms.entries()) {
            const partyId =
              term.party === null
                ? null
                : (
                    await t.db.party.create({
                      data: { name: `${term.party}${randomUUID()}`, kind: 'GOVERNMENT' },
                    })
                  ).id;
            await t.db.$executeRaw`
              INSERT INTO access_terms (id, version_id, position, type, granting_party_id, legal_reference, note)
              VALUES (gen_random_uuid(), ${versionId}::uuid, ${position}, 'PERMIT', ${partyId}::uuid, ${term.reference}, ${term.note})`;
          }
          if (sources.length > 0)
            await t.db.$executeRaw`
              INSERT INTO access_sources (id, version_id, position, title, publisher, url, published_on)
              SELECT gen_random_uuid(), ${versionId}::uuid, s.position, s.title, s.publisher, s.url,
                     DATE '2020-01-01' + s.day
              FROM jsonb_to_recordset(${JSON.stringify(sources.map((source, position) => ({ ...source, position })))}::jsonb)
                AS s(position int, title text, publisher text, url text, day int)`;
          const now = await computed(versionId);
          if (terms.length + sources.length === 0) expect(await kept(versionId)).toBeUndefined();
          else expect(await kept(versionId)).toEqual(now);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it('are written with a change recorded through the API, and follow a party’s new name into the report', async () => {
    const party = await t.db.party.create({
      data: { name: `=Ministry ${randomUUID().slice(0, 8)}`, kind: 'GOVERNMENT' },
    });
    const versionId = await recordVersion({
      terms: [
        { type: 'PERMIT', grantingPartyId: party.id, legalReference: '  Decree 12 ' },
        { type: 'AGREEMENT', note: '@note' },
      ],
      sources: [{ title: 'Field report', url: 'https://example.org/r' }],
    });
    expect(await kept(versionId)).toEqual(await computed(versionId));
    expect((await kept(versionId))?.granting_parties).toBe(`'${party.name}`);
    expect((await kept(versionId))?.legal_references).toBe('Decree 12');
    expect((await kept(versionId))?.term_notes).toBe('| @note');

    const renamed = `Ministry of Roads ${randomUUID().slice(0, 8)}`;
    const answer = await admin.patch(`/api/parties/${party.id}`, { name: renamed });
    expect(answer.statusCode, answer.body).toBe(200);
    expect((await kept(versionId))?.granting_parties).toBe(renamed);
    expect(await kept(versionId)).toEqual(await computed(versionId));
    // two parties of one version renamed at once: the later commit keeps both new names
    const other = await t.db.party.create({
      data: { name: `Ministry of Health ${randomUUID().slice(0, 8)}`, kind: 'GOVERNMENT' },
    });
    const both = await recordVersion({
      terms: [
        { type: 'PERMIT', grantingPartyId: party.id },
        { type: 'PERMIT', grantingPartyId: other.id },
      ],
    });
    const first = new pg.Client({ connectionString: t.url });
    const second = new pg.Client({ connectionString: t.url });
    await Promise.all([first.connect(), second.connect()]);
    try {
      await first.query('BEGIN');
      await first.query('UPDATE parties SET name = $1 WHERE id = $2', [`${renamed} (1)`, party.id]);
      const waiting = second.query('UPDATE parties SET name = $1 WHERE id = $2', [
        `${other.name} (2)`,
        other.id,
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await first.query('COMMIT');
      await waiting;
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
    expect((await kept(both))?.granting_parties).toBe(`${renamed} (1) | ${other.name} (2)`);
    expect(await kept(both)).toEqual(await computed(both));
    await t.db.party.update({ where: { id: party.id }, data: { name: renamed } });

    const report = await admin.get('/api/exports/access-history.csv');
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain(renamed);
    expect(report.body).not.toContain(party.name);
  });
});
