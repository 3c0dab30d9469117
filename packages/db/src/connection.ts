import pg from 'pg';

/**
 * The server named by a database URL could not be reached or refused us. The message is
 * one line meant for an administrator: where (host and port, never the password) and why.
 */
export class DatabaseConnectionError extends Error {
  override name = 'DatabaseConnectionError';
}

/** How long a first connection may take before we call the server unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

/** "host:port" of a database URL, for messages (no user, no password). */
export function databaseAddress(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const socketHost = url.searchParams.get('host');
  const host = url.hostname || socketHost || 'localhost';
  return `${host}:${url.port || 5432}`;
}

/** Every spelling of the URL's password that could appear in a message. */
function secretsOf(databaseUrl: string): string[] {
  const url = new URL(databaseUrl);
  const secrets = [url.password, decodeURIComponent(url.password), databaseUrl];
  return secrets.filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
}

/** The cause of a failed connection in words, from what pg or Node reported. */
function causeOf(error: unknown, databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const host = url.hostname || 'localhost';
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  const text = String(message ?? error);
  switch (code) {
    case 'ENOTFOUND':
      return `unknown host "${host}" (the name does not resolve)`;
    case 'EAI_AGAIN':
      return `the host name "${host}" could not be resolved (DNS did not answer)`;
    case 'ECONNREFUSED':
      return 'connection refused (is PostgreSQL running and listening on that address and port?)';
    case 'ETIMEDOUT':
      return 'no answer (a firewall, or the wrong address?)';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the host cannot be reached from here';
    case 'ECONNRESET':
      return 'the server closed the connection';
    // PostgreSQL's own answers name the user or database already; add what to do.
    case '28P01':
      return `${text} (check the user name and password in DATABASE_URL)`;
    case '3D000':
      return `${text} (create it first, owned by the role the URL names)`;
    case '28000':
      return /no encryption/.test(text)
        ? `${text} (the server wants TLS: add ?sslmode=require to DATABASE_URL)`
        : text;
    case '42501':
    case '53300':
    case '57P03':
      return text;
  }
  if (code && /CERT|TLS/.test(code))
    return `the server's TLS certificate is not accepted: ${text} (name its CA with sslrootcert=… in DATABASE_URL)`;
  if (/timeout/i.test(text)) return `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
  if (/client password must be a string/.test(text))
    return 'the server asks for a password and DATABASE_URL has none';
  return text;
}

/** The one-line error for a connection that failed, the password removed whatever it says. */
export function connectionError(error: unknown, databaseUrl: string): DatabaseConnectionError {
  let line = `Cannot connect to PostgreSQL at ${databaseAddress(databaseUrl)}: ${causeOf(error, databaseUrl)}`;
  for (const secret of secretsOf(databaseUrl)) line = line.replaceAll(secret, '***');
  return new DatabaseConnectionError(line.replace(/\s*\n\s*/g, ' '), { cause: error });
}

/**
 * Opens one connection to check that the server answers and lets us in, so that the
 * commands and the API stop with one clear line instead of a library's stack trace.
 */
export async function connectOrExplain(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An error after connecting (the server going away) must not crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw connectionError(error, databaseUrl);
  }
  return client;
}
