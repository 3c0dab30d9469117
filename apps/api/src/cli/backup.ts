import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase } from '@access/db';
import { loadCliConfig } from './config';
import { openDatabase } from '../database';

/**
 * `npm run db:backup -- [--out FILE]`: everything (history, audit trail, users, sessions,
 * reference data) from DATABASE_URL or the embedded database, in one consistent snapshot.
 */
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const config = loadCliConfig();
const log = (line: string) => console.log(`[backup] ${line}`);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const file = path.resolve(
  config.workingDirectory,
  values.out ?? path.join('backups', `access-${stamp}.backup.gz`),
);
fs.mkdirSync(path.dirname(file), { recursive: true });

// a database that cannot be reached ends here too, with one line naming the cause
let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
try {
  database = await openDatabase(config, log);
  const report = await backupDatabase(database.url, file, log);
  const rows = Object.values(report.rows).reduce((sum, n) => sum + n, 0);
  log(
    `Wrote ${report.file}: ${rows} rows in ${Object.keys(report.rows).length} tables, ${(report.bytes / 1024).toFixed(0)} KiB, at migration ${report.migrations}`,
  );
} catch (error) {
  console.error(`[backup] Failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database?.close();
}
