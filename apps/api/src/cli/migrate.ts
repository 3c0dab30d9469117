import { loadCliConfig } from './config';
import { runCommand } from './run';
import { openDatabase } from '../database';

/**
 * `npm run db:migrate`: apply prisma/migrations to DATABASE_URL or the embedded database,
 * saying which ones it applied, or that none was pending.
 */
await runCommand('migrate', async () => {
  const database = await openDatabase(loadCliConfig(), (line) => console.log(`[migrate] ${line}`));
  await database.close();
});
