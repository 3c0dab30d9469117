import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZAreaCreate, ZOrganizationCreate, ZPartyCreate, ZUserCreate } from '@access/contracts';
import {
  actorOfUser,
  createArea,
  createOrganization,
  createParty,
  createUser,
  updateOrganization,
  type RequestContext,
  type Tx,
} from '@access/domain';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { makeUser } from '../support/factories';

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
