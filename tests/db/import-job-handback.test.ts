import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorOfUser,
  getImportJob,
  runImportJob,
  startImportJob,
  type RequestContext,
} from '@access/domain';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { makeArea, makeOrganization, makeUser } from '../support/factories';

/**
 * An import whose instance stops while it runs is handed back to the queue (pg-boss fails
 * the job, to be retried, and aborts its signal): the run gives up without writing, and
 * leaves the job and its file for the run that takes it up again.
 */
let t: TestDatabase;
let ctx: RequestContext;
beforeAll(async () => {
  t = await createTestDatabase();
  ctx = { actor: await actorOfUser(t.db, (await makeUser(t.db, 'ADMIN', 'SEVERE')).id) };
});
afterAll(() => t.close());

describe('an import handed back to the queue', () => {
  it('writes nothing, is neither failed nor done, keeps its file, and the next run finishes it', async () => {
    const organizations = await Promise.all(
      Array.from({ length: 3 }, (_, i) => makeOrganization(t.db, { acronym: `BACK${i}` })),
    );
    const area = await makeArea(t.db, { name: 'Handed-back district' });
    const file = [
      'organization_acronym,area_name,status,valid_from,reason,sensitivity',
      ...organizations.map(
        (organization) => `${organization.acronym},${area.name},DENIED,2025-02-01,Handed back,LOW`,
      ),
    ].join('\n');
    const queued: string[] = [];
    const job = await startImportJob(
      t.db,
      ctx,
      { filename: 'back.csv', content: Readable.from([Buffer.from(file)]) },
      { dryRun: false },
      { send: async ({ importId }) => void queued.push(importId) },
    );
    expect(queued).toEqual([job.id]);
    const imported = () => t.db.accessStatusVersion.count({ where: { reason: 'Handed back' } });

    const stopped = new AbortController();
    stopped.abort();
    const internalErrors: unknown[] = [];
    await runImportJob(t.db, job.id, (error) => internalErrors.push(error), stopped.signal);
    expect(internalErrors).toEqual([]);
    expect(await imported()).toBe(0);
    const handedBack = await t.db.importJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(handedBack.status).not.toBe('FAILED');
    expect(handedBack.status).not.toBe('DONE');
    expect(handedBack.fileOid).not.toBeNull();

    await runImportJob(t.db, job.id, (error) => internalErrors.push(error));
    expect(internalErrors).toEqual([]);
    expect(await getImportJob(t.db, ctx, job.id)).toMatchObject({
      status: 'DONE',
      rowsDone: organizations.length,
    });
    expect(await imported()).toBe(organizations.length);
  });
});
