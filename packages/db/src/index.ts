import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

export * from "../generated/prisma/client";
export { startEmbeddedPostgres } from "./embedded";
export { runMigrations } from "./migrate";
export { createQueryStreamer, type QueryStreamer } from "./query-stream";

export type Database = PrismaClient;

/** The one place a PrismaClient is made. */
export function createDatabase(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}
