import path from 'node:path';
import { connectOrExplain, refuseIfOwned } from '@access/db';
import { loadCliConfig } from './config';
import { runCommand } from './run';

/**
 * `npm start` runs this first: with DATABASE_URL set, one connection proves the server
 * answers and takes the credentials, so a wrong URL ends `npm start` at once with one line
 * naming the cause, before the dashboard is built and started for nothing. Without
 * DATABASE_URL, the embedded PostgreSQL's data directory must not be owned by a running
 * API (another `npm start` in this folder): that API would be refused anyway, and the
 * dashboard beside it would first fail on the port the running one holds, replaying its
 * build log, before the one line that says why.
 */
await runCommand('start', async () => {
  const { DATABASE_URL, PGDATA_DIR } = loadCliConfig();
  if (!DATABASE_URL) {
    try {
      // resolved as the API resolves it (its working directory is this one, apps/api)
      refuseIfOwned(path.resolve(PGDATA_DIR));
    } catch (error) {
      throw new Error(`Could not start: ${(error as Error).message}`);
    }
    return;
  }
  const client = await connectOrExplain(DATABASE_URL);
  await client.end();
});
