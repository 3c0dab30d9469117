import path from 'node:path';
import { parseArgs } from 'node:util';
import { restoreDatabase } from '@access/db';
import { loadCliConfig } from './config';
import { openDatabase } from '../database';

/**
 * `npm run db:restore -- FILE`: loads a backup into DATABASE_URL or the embedded database,
 * which must be fresh (migrated, no rows). All or nothing.
 */
const { positionals } = parseArgs({ allowPositionals: true });
const config = loadCliConfig();
const log = (line: string) => console.log(`[restore] ${line}`);
if (positionals.length !== 1) {
  console.error('Usage: npm run db:restore -- <backup file>');
  process.exit(2);
}
const file = path.resolve(config.workingDirectory, positionals[0]!);

// a database that cannot be reached ends here too, with one line naming the cause
let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
try {
  database = await openDatabase(config, log);
  const counts = await restoreDatabase(database.url, file, log);
  log(
    `Restored ${Object.values(counts).reduce((sum, n) => sum + n, 0)} rows in ${Object.keys(counts).length} tables from ${file}`,
  );
} catch (error) {
  console.error(
    `[restore] Failed, nothing was restored: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
} finally {
  await database?.close();
}
