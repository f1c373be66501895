import type { TestProject } from 'vitest/node';
import { type PostgresServer, startPostgresServer } from './helpers/postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the run's PostgreSQL server; tests create their own databases on it. */
    postgresUrl: string;
  }
}

// One PostgreSQL server per test run (0.6 s to start); each test file creates its own databases on
// it (test/helpers/postgres-database.ts), so files running in parallel never share tables.
export default async function setup(project: TestProject): Promise<() => void> {
  // Printed once per run so CI logs show which runtime the suite actually used.
  console.log(`scorebridge tests on Node ${process.versions.node} (TZ=${process.env.TZ ?? 'unset'})`);
  const server: PostgresServer = await startPostgresServer();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
