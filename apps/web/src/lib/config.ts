/** Where the dashboard's server reaches the API (read at run time, not build time). */
export function apiOrigin(): string {
  return process.env.API_ORIGIN ?? `http://127.0.0.1:${process.env.API_PORT ?? 4000}`;
}
