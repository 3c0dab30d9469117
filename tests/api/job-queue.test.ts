import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

/**
 * One pg-boss per API instance (plugins/job-queue.ts) carries the imports', notifications'
 * and webhooks' queues: one pool of at most 4 connections, not one pool each.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(() => t.close());

describe('the job queue', () => {
  it('is one pg-boss with at most 4 connections, working every kind of job', async () => {
    const { rows } = await t.sql<{ name: string; connections: number }>(
      `SELECT application_name AS name, count(*)::int AS connections FROM pg_stat_activity
       WHERE datname = current_database() AND application_name LIKE 'access-api-%'
       GROUP BY application_name`,
    );
    expect(rows.map((row) => row.name)).toEqual(['access-api-queues']);
    expect(rows[0]!.connections).toBeLessThanOrEqual(4);
    const { rows: queues } = await t.sql<{ name: string }>(
      'SELECT name FROM pgboss.queue ORDER BY name',
    );
    expect(queues.map((queue) => queue.name)).toEqual(
      expect.arrayContaining(['csv-import', 'notifications-fanout', 'webhook-delivery']),
    );
  });
});
