import { loadCliConfig } from './config';
import { openDatabase } from '../database';

/** `npm run db:migrate`: apply prisma/migrations to DATABASE_URL or the embedded database. */
const database = await openDatabase(loadCliConfig(), (line) => console.log(`[migrate] ${line}`));
await database.close();
