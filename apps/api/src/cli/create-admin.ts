import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { ZUserCreate } from '@access/contracts';
import { createUser } from '@access/domain';
import { loadCliConfig } from './config';
import { runCommand } from './run';
import { openDatabase } from '../database';

/**
 * `npm run admin:create -- --email someone@example.org [--name "…"]`: the first administrator.
 * The password is read from ADMIN_PASSWORD (for scripts) or asked for without echo, which
 * needs a terminal: without one and without ADMIN_PASSWORD the command stops and says so
 * (it used to wait on a closed input, or take a piped line as the password).
 */
const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
if (!values.email) {
  console.error('Usage: npm run admin:create -- --email someone@example.org [--name "Full name"]');
  process.exit(2);
}
const email = values.email;

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

/** The administrator to create; what is wrong with it otherwise, field by field. */
function validAdministrator(password: string) {
  const input = ZUserCreate.safeParse({
    email,
    displayName: values.name ?? email,
    password,
    role: 'ADMIN',
    clearance: 'SEVERE',
    organizationIds: [],
  });
  if (!input.success) {
    throw new Error(
      input.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
    );
  }
  return input.data;
}

await runCommand('admin', async () => {
  const config = loadCliConfig();
  if (config.ADMIN_PASSWORD === undefined && !process.stdin.isTTY) {
    console.error(
      '[admin] No password: the standard input is not a terminal to ask for one on. ' +
        'Set ADMIN_PASSWORD (e.g. ADMIN_PASSWORD="…" npm run admin:create -- --email …) or run it in a terminal.',
    );
    process.exit(2);
  }
  // A password given in the environment is checked before anything else is done.
  const given =
    config.ADMIN_PASSWORD === undefined ? undefined : validAdministrator(config.ADMIN_PASSWORD);
  // Reach the database before asking: a wrong DATABASE_URL is said before the password is typed.
  const database = await openDatabase(config, (line) => console.log(`[admin] ${line}`));
  try {
    const administrator = given ?? validAdministrator(await askPassword());
    const user = await createUser(
      database.db,
      { actor: null, requestId: 'admin:create' },
      administrator,
      { bootstrap: true },
    );
    console.log(`Administrator ${user.email} created.`);
  } finally {
    await database.close();
  }
});
