import { parseArgs } from 'node:util';
import { loadConfig } from '../../../apps/api/src/config';
import { openDatabase } from '../../../apps/api/src/database';
import { loadSyntheticData } from './synthetic';

/**
 * `npm run data:synthetic -- --organizations 2000 --areas 5000 --versions 1000000 --years 10 --seed 42 [--incidents 1000000] [--requests 200000]`
 * into DATABASE_URL, or into the embedded database (PGDATA_DIR; use a separate folder to keep the demo).
 */
const { values } = parseArgs({
  options: {
    organizations: { type: 'string', default: '2000' },
    areas: { type: 'string', default: '5000' },
    versions: { type: 'string', default: '1000000' },
    years: { type: 'string', default: '10' },
    seed: { type: 'string', default: '42' },
    /** access incidents (issue 17), after the statuses */
    incidents: { type: 'string', default: '0' },
    /** requests for access with each party's positions (issue 16) */
    requests: { type: 'string', default: '0' },
  },
});
const log = (line: string) => console.log(`[synthetic] ${line}`);
const database = await openDatabase({ ...loadConfig(), DEMO_DATA: 'false' }, log);
try {
  await loadSyntheticData(database.url, {
    organizations: Number(values.organizations),
    areas: Number(values.areas),
    versions: Number(values.versions),
    years: Number(values.years),
    seed: Number(values.seed),
    incidents: Number(values.incidents),
    requests: Number(values.requests),
    log,
  });
  console.log(
    `[synthetic] sign in as synthetic.coordinator@bench.local / synthetic-bench-password`,
  );
} finally {
  await database.close();
}
