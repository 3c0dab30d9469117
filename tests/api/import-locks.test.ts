import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_PAIR_LOCKS, lockBulkPairs } from '@access/domain';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';

/**
 * An import that applies holds its pairs' locks for its whole transaction. One of a few
 * pairs makes only single writes to those pairs wait; one of very many pairs (where a
 * lock each would crowd PostgreSQL's lock table) makes every single write wait.
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

async function pair() {
  return {
    organizationId: (await makeOrganization(t.db)).id,
    areaId: (await makeArea(t.db)).id,
  };
}

/** Holds the import's locks of `pairs` until `release` is called; resolves once they are held. */
async function holdImportLocks(pairs: { organizationId: string; areaId: string }[]) {
  let release!: () => void;
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => {
    held = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const transaction = t.db.$transaction(
    async (tx) => {
      await lockBulkPairs(tx, { count: pairs.length, all: () => pairs });
      held();
      await released;
    },
    { timeout: 60_000 },
  );
  await isHeld;
  return {
    release: () => {
      release();
      return transaction;
    },
  };
}

/** Whether a single write to `target` answers within `ms` (and its answer, once it has). */
async function answersWithin(target: { organizationId: string; areaId: string }, ms: number) {
  const write = coordinator.post(
    '/api/access-statuses',
    statusBody(target.organizationId, target.areaId),
  );
  const answered = await Promise.race([
    write.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);
  return { answered, write };
}

describe("an import's locks", () => {
  it('of a few pairs: single writes to other pairs go on, writes to its pairs wait for it', async () => {
    const imported = await pair();
    const other = await pair();
    const locks = await holdImportLocks([imported]);
    const toOther = await answersWithin(other, 5_000);
    const toImported = await answersWithin(imported, 1_000);
    expect(toOther.answered).toBe(true);
    expect((await toOther.write).statusCode).toBe(201);
    expect(toImported.answered).toBe(false);
    await locks.release();
    expect((await toImported.write).statusCode).toBe(201);
  });

  it(`of more than ${BULK_PAIR_LOCKS} pairs: every single write waits for it`, async () => {
    const many = Array.from({ length: BULK_PAIR_LOCKS + 1 }, (_, index) => ({
      organizationId: '00000000-0000-4000-8000-000000000000',
      areaId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    }));
    const other = await pair();
    const locks = await holdImportLocks(many);
    const toOther = await answersWithin(other, 1_000);
    expect(toOther.answered).toBe(false);
    await locks.release();
    expect((await toOther.write).statusCode).toBe(201);
  });
});
