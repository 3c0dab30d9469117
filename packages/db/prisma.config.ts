import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import { prismaCliDatabaseUrl } from './src/config';

const here = path.dirname(fileURLToPath(import.meta.url));
const url = prismaCliDatabaseUrl();

/**
 * @prisma/adapter-pg runs a migration by splitting it on ";", which breaks PL/pgSQL
 * bodies (our append-only triggers). Send each migration whole instead: PostgreSQL
 * runs a multi-statement simple query as one implicit transaction, so a migration
 * applies entirely or not at all.
 */
class WholeScriptPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    adapter.executeScript = async (script: string) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (error) {
        (adapter as unknown as { onError(error: unknown): never }).onError(error);
      }
    };
    return adapter;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(here, '../../prisma/schema.prisma'),
  migrations: { path: path.join(here, '../../prisma/migrations') },
  // Separate fields, not a connection string: the adapter's shadow-database logic
  // spreads this config, and a connection string would override the database name. pg's
  // own parser makes them, so the URL's parameters (sslmode, a socket's ?host=) count
  // here as they do at run time: a server that requires TLS gets it from migrations too.
  adapter: async () =>
    new WholeScriptPg({
      ...parseIntoClientConfig(url.toString()),
      // The CLI exits only once the pool is idle-closed: do not keep it waiting.
      idleTimeoutMillis: 200,
    }),
});
