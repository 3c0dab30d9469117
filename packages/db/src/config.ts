import { z } from 'zod';

/** A database URL setting; an empty value means unset, as shells and .env files often write it. */
export const ZOptionalDatabaseUrl = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().url({ error: 'must be a postgresql:// URL' }).optional(),
);

const ZPrismaCliConfig = z.object({ DATABASE_URL: ZOptionalDatabaseUrl });

// `prisma generate` needs a URL to exist but never connects; `migrate deploy` gets the real one.
const PLACEHOLDER_URL = 'postgresql://postgres@localhost:5432/postgres';

/**
 * The database the Prisma CLI works on (prisma.config.ts), the one setting @access/db reads
 * from the environment: the app and the tests pass their URLs to createDatabase and
 * runMigrations instead. schema.prisma reads env("DATABASE_URL") too, so it is set.
 */
export function prismaCliDatabaseUrl(env: NodeJS.ProcessEnv = process.env): URL {
  const parsed = ZPrismaCliConfig.safeParse(env);
  if (!parsed.success) throw new Error(`DATABASE_URL ${parsed.error.issues[0]!.message}`);
  const url = new URL(parsed.data.DATABASE_URL ?? PLACEHOLDER_URL);
  env.DATABASE_URL ??= url.toString();
  return url;
}
