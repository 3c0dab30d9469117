import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { ZUserCreate } from '@access/contracts';
import { createUser } from '@access/domain';
import { loadCliConfig } from './config';
import { openDatabase } from '../database';

/**
 * `npm run admin:create -- --email someone@example.org [--name "…"]`: the first administrator.
 * The password is read from ADMIN_PASSWORD (for scripts) or asked for without echo.
 */
const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
if (!values.email) {
  console.error('Usage: npm run admin:create -- --email someone@example.org [--name "Full name"]');
  process.exit(2);
}

async function askPassword(): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const prompt = createInterface({ input: process.stdin, output, terminal: true });
  const question = prompt.question('Password (at least 12 characters): ');
  muted = true;
  const password = await question;
  prompt.close();
  process.stdout.write('\n');
  return password;
}

const config = loadCliConfig();
const password = config.ADMIN_PASSWORD ?? (await askPassword());
const input = ZUserCreate.safeParse({
  email: values.email,
  displayName: values.name ?? values.email,
  password,
  role: 'ADMIN',
  clearance: 'SEVERE',
  organizationIds: [],
});
if (!input.success) {
  for (const issue of input.error.issues)
    console.error(`${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
}
const database = await openDatabase(config, (line) => console.log(`[admin] ${line}`));
try {
  const user = await createUser(
    database.db,
    { actor: null, requestId: 'admin:create' },
    input.data,
    { bootstrap: true },
  );
  console.log(`Administrator ${user.email} created.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await database.close();
}
