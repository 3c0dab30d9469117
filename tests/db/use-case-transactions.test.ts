import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ZAccessStatusRecord,
  ZAreaCreate,
  ZOrganizationCreate,
  ZPartyCreate,
  ZUserCreate,
} from '@access/contracts';
import {
  actorOfUser,
  createArea,
  createOrganization,
  createParty,
  createUser,
  recordAccessStatus,
  updateOrganization,
  type RequestContext,
  type Tx,
} from '@access/domain';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { makeArea, makeOrganization, makeUser } from '../support/factories';

let t: TestDatabase;
let admin: RequestContext['actor'];
beforeAll(async () => {
  t = await createTestDatabase();
  admin = await actorOfUser(t.db, (await makeUser(t.db, 'ADMIN', 'SEVERE')).id);
});
afterAll(() => t.close());

/** The reference-data use-cases, all in the caller's transaction. */
async function createReferenceData(tx: Tx, suffix: string) {
  const ctx: RequestContext = { actor: admin, requestId: suffix };
  const organization = await createOrganization(
    tx,
    ctx,
    ZOrganizationCreate.parse({ name: `Joined organisation ${suffix}`, typeCode: 441 }),
  );
  await updateOrganization(tx, ctx, organization.id, { acronym: `J${suffix}` });
  await createArea(
    tx,
    ctx,
    ZAreaCreate.parse({ kind: 'ADM1', names: [{ lang: 'en', name: `Joined area ${suffix}` }] }),
  );
  await createParty(
    tx,
    ctx,
    ZPartyCreate.parse({ name: `Joined party ${suffix}`, kind: 'GOVERNMENT' }),
  );
  await createUser(
    tx,
    ctx,
    ZUserCreate.parse({
      email: `joined-${suffix}@test.local`,
      displayName: 'Joined',
      password: 'a long enough password',
      role: 'VIEWER',
      clearance: 'LOW',
    }),
  );
}

const written = async (suffix: string) => ({
  organizations: await t.db.organization.count({
    where: { name: `Joined organisation ${suffix}` },
  }),
  areas: await t.db.area.count({ where: { name: `Joined area ${suffix}` } }),
  parties: await t.db.party.count({ where: { name: `Joined party ${suffix}` } }),
  users: await t.db.user.count({ where: { email: `joined-${suffix}@test.local` } }),
  events: await t.db.auditEvent.count({ where: { requestId: suffix } }),
});

describe('use-cases given a transaction', () => {
  it("join it: the caller's rollback takes their changes and audit events with it", async () => {
    await expect(
      t.db.$transaction(async (tx) => {
        await createReferenceData(tx, 'rolled-back');
        throw new Error('the caller changes its mind');
      }),
    ).rejects.toThrow('the caller changes its mind');
    expect(await written('rolled-back')).toEqual({
      organizations: 0,
      areas: 0,
      parties: 0,
      users: 0,
      events: 0,
    });
  });

  it("join it: the caller's commit keeps them all, each with its audit event", async () => {
    await t.db.$transaction((tx) => createReferenceData(tx, 'committed'));
    expect(await written('committed')).toEqual({
      organizations: 1,
      areas: 1,
      parties: 1,
      users: 1,
      events: 5,
    });
  });
});

describe("a status recorded in the caller's transaction", () => {
  const record = (organizationId: string, areaId: string, grantingPartyId?: string) =>
    ZAccessStatusRecord.parse({
      organizationId,
      areaId,
      status: 'CONSTRAINED' as const,
      validFrom: '2025-01-01',
      reason: 'joined',
      sensitivity: 'LOW' as const,
      reviewState: 'VALIDATED' as const,
      constraintCategories: [],
      terms: grantingPartyId ? [{ type: 'PERMIT', grantingPartyId }] : [],
    });

  it('leaves the plan setting the caller had (the change runs on generic plans, then puts it back)', async () => {
    const organization = await makeOrganization(t.db);
    const area = await makeArea(t.db);
    const ctx: RequestContext = { actor: admin, requestId: 'plans' };
    const settings = await t.db.$transaction(async (tx) => {
      const before = await tx.$queryRaw<
        { mode: string }[]
      >`SELECT current_setting('plan_cache_mode') AS mode`;
      await recordAccessStatus(tx, ctx, record(organization.id, area.id));
      const after = await tx.$queryRaw<
        { mode: string }[]
      >`SELECT current_setting('plan_cache_mode') AS mode`;
      return [before[0]!.mode, after[0]!.mode];
    });
    expect(settings).toEqual(['auto', 'auto']);
  });

  it('pins custom plans on no function: a mode set on one also governs the foreign-key checks of every row it inserts', async () => {
    // each of an import's 100,000 versions was checked by keys planned anew (BENCHMARKS.md,
    // issue 13); the derivation plans its set-wise statements per call with EXECUTE instead
    const { rows: pinned } = await t.sql<{ name: string }>(`
      SELECT p.proname AS name FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace
        AND EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c = 'plan_cache_mode=force_custom_plan')`);
    expect(pinned.map((row) => row.name)).toEqual([]);
    const { rows: derivation } = await t.sql<{ name: string; body: string }>(`
      SELECT proname AS name, prosrc AS body FROM pg_proc
      WHERE proname IN ('add_access_status_version_levels', 'refresh_current_access_statuses')`);
    expect(derivation).toHaveLength(2);
    for (const fn of derivation) expect(fn.body, fn.name).toMatch(/EXECUTE \$\w+\$/);
  });

  it('refuses a granting party that does not exist, naming the term, and writes nothing', async () => {
    const organization = await makeOrganization(t.db);
    const area = await makeArea(t.db);
    const ctx: RequestContext = { actor: admin, requestId: 'references' };
    await expect(
      recordAccessStatus(
        t.db,
        ctx,
        record(organization.id, area.id, '00000000-0000-4000-8000-000000000000'),
      ),
    ).rejects.toMatchObject({ details: { issues: [{ field: 'terms.0.grantingPartyId' }] } });
    // at once, without waiting for the pairs' lock (an import holding it takes minutes)
    const holder = new pg.Client({ connectionString: t.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(
        "SELECT pg_advisory_xact_lock(hashtextextended('access_status_versions:all pairs', 0))",
      );
      const refused = recordAccessStatus(
        t.db,
        ctx,
        record(organization.id, area.id, '00000000-0000-4000-8000-000000000000'),
      ).catch((error: unknown) => error);
      const waited = new Promise((resolve) => setTimeout(() => resolve('waited'), 3000));
      expect(await Promise.race([refused, waited])).toMatchObject({ code: 'VALIDATION_FAILED' });
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect(
      await t.db.accessStatusVersion.count({ where: { organizationId: organization.id } }),
    ).toBe(0);
  });
});
