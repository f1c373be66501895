import pg from 'pg';

/** How long /readyz waits for Postgres: a load balancer's probe must not hang on a lost network. */
export const READY_PROBE_TIMEOUT_MS = 2000;

/**
 * One round trip to Postgres on a fresh connection that gives up after `timeoutMs`, answered
 * without blocking the server (the store's own connection blocks its caller while it waits).
 * Resolves to why the database cannot be used, or undefined when it answered.
 */
export async function probePostgres(
  url: string,
  timeoutMs = READY_PROBE_TIMEOUT_MS,
): Promise<string | undefined> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: 'scorebridge readyz',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    // pg's messages name the host and port, never the password in the URL.
    return `Postgres did not answer: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
