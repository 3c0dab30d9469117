import pg from "pg";
import QueryStream from "pg-query-stream";

export interface QueryStreamer {
  /** rows one at a time, from a server-side cursor: memory stays flat whatever the result size */
  stream<T = Record<string, unknown>>(text: string, values: unknown[]): AsyncIterable<T>;
  close(): Promise<void>;
}

/** Prisma buffers whole results; exports of a million rows stream through plain pg instead. */
export function createQueryStreamer(databaseUrl: string, options: { poolSize?: number } = {}): QueryStreamer {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 4 });
  pool.on("error", () => {
    // an idle client lost its connection: the next query reconnects
  });
  return {
    async *stream<T>(text: string, values: unknown[]): AsyncIterable<T> {
      const client = await pool.connect();
      const query = new QueryStream(text, values, { batchSize: 500 });
      const rows = client.query(query);
      try {
        for await (const row of rows) yield row as T;
      } finally {
        rows.destroy();
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
