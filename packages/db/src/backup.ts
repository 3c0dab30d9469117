import { once } from 'node:events';
import fs from 'node:fs';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/**
 * A logical backup of every table, taken in one consistent snapshot, in one gzip file:
 *
 *   ACCESS-MONITOR-BACKUP 1
 *   {"createdAt", "migrations", "tables": [{ name, columns }], "sequences": [...]}
 *   COPY <table>              then the table's rows in COPY text format, then \.
 *   ...
 *   END {"rows": {<table>: n}}
 *
 * Written with COPY, so it needs no pg_dump of the server's version and works against the
 * embedded PostgreSQL and any other server alike. The restore checks the END line, so a
 * truncated file is refused rather than half-restored.
 */
const MAGIC = 'ACCESS-MONITOR-BACKUP 1';

interface Manifest {
  createdAt: string;
  migrations: string[];
  tables: { name: string; columns: string[] }[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

export interface BackupReport {
  file: string;
  bytes: number;
  rows: Record<string, number>;
  migrations: number;
}

type Progress = (line: string) => void;

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The tables to copy, with their columns, the migration log excluded. Their order does not
 * matter: the restore loads with triggers (foreign keys included) off.
 */
async function tablesOf(client: pg.Client): Promise<Manifest['tables']> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(`
    SELECT c.relname AS name,
           (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns
    FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
    ORDER BY c.relname`);
  return rows;
}

async function appliedMigrations(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ migration_name: string }>(
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
  );
  return rows.map((row) => row.migration_name);
}

async function write(stream: NodeJS.WritableStream, chunk: string | Buffer): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

export async function backupDatabase(
  databaseUrl: string,
  file: string,
  progress: Progress = () => {},
): Promise<BackupReport> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const partial = `${file}.partial`;
  try {
    // One snapshot for every table: what the backup holds is one moment of the database.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await tablesOf(client);
    const { rows: sequences } = await client.query<{ name: string }>(
      "SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S' ORDER BY 1",
    );
    const manifest: Manifest = {
      createdAt: new Date().toISOString(),
      migrations: await appliedMigrations(client),
      tables,
      sequences: [],
    };
    // one query at a time: a pg client runs them in turn anyway
    for (const { name } of sequences) {
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text, is_called FROM ${ident(name)}`,
      );
      manifest.sequences.push({
        name,
        lastValue: rows[0]!.last_value,
        isCalled: rows[0]!.is_called,
      });
    }
    const gzip = zlib.createGzip();
    const out = fs.createWriteStream(partial, { mode: 0o600 });
    const written = pipeline(gzip, out);
    await write(gzip, `${MAGIC}\n${JSON.stringify(manifest)}\n`);
    const counts: Record<string, number> = {};
    for (const table of tables) {
      await write(gzip, `COPY ${table.name}\n`);
      const copy = client.query(
        copyTo(`COPY ${ident(table.name)} (${table.columns.map(ident).join(', ')}) TO STDOUT`),
      );
      let rows = 0;
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows++;
        await write(gzip, chunk);
      }
      await write(gzip, '\\.\n');
      counts[table.name] = rows;
      progress(`${table.name}: ${rows} rows`);
    }
    await write(gzip, `END ${JSON.stringify({ rows: counts })}\n`);
    gzip.end();
    await written;
    await client.query('COMMIT');
    fs.renameSync(partial, file);
    return {
      file,
      bytes: fs.statSync(file).size,
      rows: counts,
      migrations: manifest.migrations.length,
    };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}

export class RestoreError extends Error {}

/**
 * Restores a backup into a database that has the same migrations applied and holds no
 * rows. All in one transaction: a damaged or truncated file restores nothing. Triggers
 * (the append-only guards, the foreign keys) are off for the load only, which needs a
 * superuser or the table owner with replication-role rights.
 */
export async function restoreDatabase(
  databaseUrl: string,
  file: string,
  progress: Progress = () => {},
): Promise<Record<string, number>> {
  const lines = readline
    .createInterface({
      input: fs.createReadStream(file).pipe(zlib.createGunzip()),
      crlfDelay: Infinity,
    })
    [Symbol.asyncIterator]();
  const next = async (): Promise<string | undefined> => {
    const item = await lines.next();
    return item.done ? undefined : item.value;
  };
  if ((await next().catch(() => undefined)) !== MAGIC)
    throw new RestoreError(`${file} is not a backup made by npm run db:backup`);
  const manifest = JSON.parse((await next()) ?? '{}') as Manifest;

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const migrations = await appliedMigrations(client);
    if (migrations.join() !== manifest.migrations.join()) {
      throw new RestoreError(
        `the backup was taken at migration ${manifest.migrations.at(-1)}, this database is at ${migrations.at(-1) ?? 'none'}: restore with the version of the product that made the backup`,
      );
    }
    const tables = await tablesOf(client);
    for (const table of tables) {
      const { rows } = await client.query(`SELECT 1 FROM ${ident(table.name)} LIMIT 1`);
      if (rows.length > 0)
        throw new RestoreError(
          `the target database is not empty (${table.name} has rows): restore into a fresh instance`,
        );
    }
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    const counts: Record<string, number> = {};
    let line = await next();
    for (; line !== undefined && !line.startsWith('END '); line = await next()) {
      const name = line.replace(/^COPY /, '');
      const table = manifest.tables.find((candidate) => candidate.name === name);
      if (!line.startsWith('COPY ') || !table)
        throw new RestoreError(`the backup is damaged near "${line.slice(0, 40)}"`);
      const copy = client.query(
        copyFrom(`COPY ${ident(table.name)} (${table.columns.map(ident).join(', ')}) FROM STDIN`),
      );
      let rows = 0;
      async function* tableRows() {
        for (let row = await next(); row !== '\\.'; row = await next()) {
          if (row === undefined)
            throw new RestoreError(`the backup ends inside table ${table!.name}: it is truncated`);
          rows++;
          yield `${row}\n`;
        }
      }
      try {
        await pipeline(Readable.from(tableRows()), copy);
      } catch (error) {
        if (error instanceof RestoreError) throw error;
        throw new RestoreError(
          `the backup is damaged in table ${table.name}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      counts[table.name] = rows;
      progress(`${table.name}: ${rows} rows`);
    }
    if (line === undefined) throw new RestoreError('the backup has no END line: it is truncated');
    const expected = (JSON.parse(line.slice(4)) as { rows: Record<string, number> }).rows;
    if (JSON.stringify(expected) !== JSON.stringify(counts))
      throw new RestoreError("the backup's row counts do not match its content: it is damaged");
    for (const sequence of manifest.sequences) {
      await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [
        ident(sequence.name),
        sequence.lastValue,
        sequence.isCalled,
      ]);
    }
    await client.query('COMMIT');
    return counts;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
