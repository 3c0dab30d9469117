import { connectOrExplain } from '@access/db';
import { loadCliConfig } from './config';
import { runCommand } from './run';

/**
 * `npm start` runs this first: with DATABASE_URL set, one connection proves the server
 * answers and takes the credentials, so a wrong URL ends `npm start` at once with one line
 * naming the cause, before the dashboard is built and started for nothing. Without
 * DATABASE_URL there is nothing to check (the API starts the embedded PostgreSQL).
 */
await runCommand('start', async () => {
  const { DATABASE_URL } = loadCliConfig();
  if (!DATABASE_URL) return;
  const client = await connectOrExplain(DATABASE_URL);
  await client.end();
});
