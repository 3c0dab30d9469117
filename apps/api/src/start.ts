import { seedDemoData } from '@access/domain';
import { loadConfig } from './config';
import { openDatabase, type OpenedDatabase } from './database';
import { buildServer, serve } from './server';

const log = (line: string) => console.log(`[start] ${line}`);

let database: OpenedDatabase | undefined;
try {
  const config = loadConfig();
  database = await openDatabase(config, log);
  if (database.freshEmbedded && config.DEMO_DATA === 'true') {
    log('First start: loading the demo data');
    await seedDemoData(database.db, log);
  }
  const app = await buildServer(config, database.db, { databaseUrl: database.url });
  await serve(app, config, database.close);
  log(
    `API ready at http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.API_PORT}/api (docs at /api/docs)`,
  );
  // under `npm start` (src/supervise.mjs): an API that has started is restarted if it dies
  process.send?.('ready', () => process.disconnect());
} catch (error) {
  console.error(
    `[start] Could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  // Never leave an orphan embedded PostgreSQL behind.
  await database?.close().catch(() => {});
  process.exit(1);
}
