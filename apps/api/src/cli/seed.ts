import { seedDemoData } from '@access/domain';
import { loadCliConfig } from './config';
import { runCommand } from './run';
import { openDatabase } from '../database';

/** `npm run db:seed`: the demo data set and its demo accounts, into DATABASE_URL or the embedded database. */
const log = (line: string) => console.log(`[seed] ${line}`);
await runCommand('seed', async () => {
  const database = await openDatabase(loadCliConfig(), log);
  try {
    await seedDemoData(database.db, log);
  } finally {
    await database.close();
  }
});
