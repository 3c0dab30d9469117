import { randomUUID } from 'node:crypto';
import { getLogs } from '@prisma/debug';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Prisma's debug module keeps its last 100 calls' arguments, and the pg driver adapter
 * passes it each statement with its values: without packages/db's timer, a statement's
 * values stayed in the process's memory after it ran (a background import's batches
 * held 40–80 MB; every request's reasons and terms lingered).
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

describe("a statement's values", () => {
  it('are not kept in memory once it has run', async () => {
    const secret = `kept-${randomUUID()}`;
    // the adapter's history is the module this test reads (else the check below proves
    // nothing): the values are seen there right after a statement, unless the timer emptied
    // it meanwhile (a loaded machine): then the statement runs again
    let seen = false;
    for (let attempt = 0; attempt < 50 && !seen; attempt++) {
      await t.db.$queryRaw`SELECT length(${secret}::text) AS n`;
      seen = getLogs(1_000_000).includes(secret);
    }
    expect(seen).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(getLogs(1_000_000)).not.toContain(secret);
  });
});
