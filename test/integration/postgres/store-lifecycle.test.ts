import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allProductMigrations, openProductStore, productMigrations } from '../../../app/store.ts';
import { describeStore, migrateProductStore } from '../../../app/store-admin.ts';
import { formatReport } from '../../../cli/commands/migrate.ts';
import { FixedClock } from '../../../core/clock.ts';
import { Secret } from '../../../core/secret.ts';
import { PostgresSyncDatabase } from '../../../core/store/postgres/sync-database.ts';
import { migrate } from '../../../core/store/sqlite/migrate.ts';
import { canonicalMigrations } from '../../../core/store/sqlite/migrations.ts';
import { SqliteCanonicalStore } from '../../../core/store/sqlite/sqlite-store.ts';
import { SyncInProgressError } from '../../../core/sync/sync-in-progress.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres-database.ts';

const MAIN = path.resolve(import.meta.dirname, '..', '..', '..', 'cli', 'main.ts');
const clock = new FixedClock('2026-12-07T00:00:00.000Z');
const noResult = { inserted: 0, updated: 0, unchanged: 0, rejected: 0, merges: 0 };
const location = (url: string) => ({
  type: 'postgres' as const,
  path: '/unused/scorebridge.db',
  url: new Secret(url, 'DATABASE_URL'),
  pool: { max: 2, connectionTimeoutMs: 5000, idleTimeoutMs: 5000, statementTimeoutMs: 60_000 },
});

/** `scorebridge migrate --json` in a child process against the database at `url`. */
function migrateInProcess(dir: string, url: string) {
  return cliInProcess(dir, url, ['migrate', '-c', 'pg.yaml', '--json']);
}

/** The real entry point in a child process, with DATABASE_URL set to `url`. */
function cliInProcess(
  dir: string,
  url: string,
  args: readonly string[],
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: dir,
      env: { ...process.env, CI: 'true', DATABASE_URL: url },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('the product store on Postgres: explicit migrations, shared sync locks', () => {
  const databases: TestDatabase[] = [];
  const fresh = async () => {
    const database = await createTestDatabase('life');
    databases.push(database);
    return database;
  };
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('refuses to open a database behind this build until `scorebridge migrate` ran, and one ahead of it', async () => {
    const database = await fresh();
    const setup = new PostgresSyncDatabase({ url: database.url });
    migrate(setup, canonicalMigrations, () => clock.now().toISOString());
    setup.close();
    const newest = Math.max(...allProductMigrations.map((m) => m.version));
    await expect(openProductStore(location(database.url), clock)).rejects.toThrow(
      `the Postgres store is at schema version 7, this build needs ${newest}: run \`scorebridge migrate\``,
    );
    await expect(openProductStore(location(database.url), clock)).rejects.toThrow(
      /pending: 100 model registry: models and scoring runs; .+; and \d+ more, listed by `scorebridge migrate --dry-run`\)$/,
    );
    const empty = await fresh();
    await expect(openProductStore(location(empty.url), clock)).rejects.toThrow(
      /^the Postgres store has no schema yet: run `scorebridge migrate` once to create it \(\d+ migrations;/,
    );

    const dry = await migrateProductStore(location(database.url), clock, { dryRun: true });
    expect(dry.pending.map((m) => m.version)).toEqual(
      productMigrations.map((m) => m.version).sort((a, b) => a - b),
    );
    expect(dry.store).toBe(
      `postgres://${new URL(database.url).hostname}:${new URL(database.url).port}/${database.name}`,
    );
    // Nothing was applied by the dry run.
    await expect(openProductStore(location(database.url), clock)).rejects.toThrow(
      /run `scorebridge migrate`/,
    );

    const applied = await migrateProductStore(location(database.url), clock);
    expect(applied.applied.map((m) => m.version)).toEqual(dry.pending.map((m) => m.version));
    expect(formatReport(applied)).toContain(
      `applied ${productMigrations.length} migration(s) (schema version 7 -> ${newest})`,
    );
    const again = await migrateProductStore(location(database.url), clock);
    expect(formatReport(again)).toMatch(/already up to date/);

    const store = await openProductStore(location(database.url), clock);
    expect((await store.counts()).contacts).toBe(0);
    store.database.exec(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'now')",
    );
    await store.close();
    await expect(openProductStore(location(database.url), clock)).rejects.toThrow(/newer scorebridge/);
  });

  it('applies every migration exactly once when two hosts run migrate at the same time', async () => {
    const database = await fresh();
    const dir = mkdtempSync(path.join(tmpdir(), 'sb-migrate-'));
    writeFileSync(
      path.join(dir, 'pg.yaml'),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax
      'version: 1\nconnectors: {}\nstore:\n  type: postgres\n  url: ${DATABASE_URL}\n',
    );
    const runs = await Promise.all([
      migrateInProcess(dir, database.url),
      migrateInProcess(dir, database.url),
    ]);
    for (const run of runs) expect(run, run.err).toMatchObject({ code: 0, err: '' });
    const reports = runs.map((run) => JSON.parse(run.out) as { applied: { version: number }[] });
    const applied = reports.flatMap((report) => report.applied.map((m) => m.version)).sort((a, b) => a - b);
    expect(applied).toEqual(allProductMigrations.map((m) => m.version).sort((a, b) => a - b));
    const check = new PostgresSyncDatabase({ url: database.url });
    const rows = check
      .prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT version) AS d FROM schema_migrations')
      .get();
    check.close();
    expect(rows).toEqual({ n: allProductMigrations.length, d: allProductMigrations.length });

    // Every other command now opens it; status names the store without the user of the URL.
    const status = await cliInProcess(dir, database.url, ['status', '-c', 'pg.yaml', '--json']);
    expect(status, status.err).toMatchObject({ code: 0 });
    const url = new URL(database.url);
    expect(url.username).not.toBe('');
    expect(JSON.parse(status.out).store).toBe(`postgres://${url.hostname}:${url.port}/${database.name}`);
  });

  it('lets one connection sync a stream at a time, across connections, and frees it when a process dies', async () => {
    const database = await fresh();
    const setup = new PostgresSyncDatabase({ url: database.url });
    migrate(setup, canonicalMigrations, () => clock.now().toISOString());
    setup.close();
    const open = (name: string) =>
      new SqliteCanonicalStore(new PostgresSyncDatabase({ url: database.url, applicationName: name }), {
        clock,
      });
    const hostA = open('sb host a');
    const hostB = open('sb host b');
    try {
      const run = await hostA.startSyncRun('crm.contacts');
      await expect(hostB.startSyncRun('crm.contacts')).rejects.toBeInstanceOf(SyncInProgressError);
      await expect(hostB.startSyncRun('crm.contacts')).rejects.toThrow(
        /already being synced by .+:\d+ since 2026-12-07/,
      );
      const other = await hostB.startSyncRun('crm.deals');
      await hostB.finishSyncRun(other, { status: 'succeeded', result: noResult });
      await hostA.finishSyncRun(run, { status: 'succeeded', result: noResult });
      const next = await hostB.startSyncRun('crm.contacts');
      await hostB.finishSyncRun(next, { status: 'succeeded', result: noResult });

      // A process killed mid-sync: its connection drops, Postgres frees the lock, the next run takes over.
      const doomed = open('sb doomed');
      const cut = await doomed.startSyncRun('crm.contacts');
      await expect(hostA.startSyncRun('crm.contacts')).rejects.toBeInstanceOf(SyncInProgressError);
      const { pid } = doomed.database.prepare('SELECT pg_backend_pid() AS pid').get() as { pid: number };
      hostA.database.prepare('SELECT pg_terminate_backend(?)').get(pid);
      let resumed = 0;
      for (let attempt = 0; attempt < 50 && resumed === 0; attempt++) {
        resumed = await hostA.startSyncRun('crm.contacts').catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return 0;
        });
      }
      expect(resumed).toBeGreaterThan(cut);
      const runs = hostA.database
        .prepare("SELECT id, status, error FROM sync_runs WHERE stream = 'crm.contacts' ORDER BY id")
        .all();
      expect(runs.at(-2)).toEqual({ id: cut, status: 'failed', error: 'interrupted' });
      expect(runs.at(-1)).toEqual({ id: resumed, status: 'running', error: null });
      await hostA.finishSyncRun(resumed, { status: 'succeeded', result: noResult });
    } finally {
      await hostA.close();
      await hostB.close();
    }
  });

  it('shows where a Postgres store is without its user name or password', async () => {
    const unreachable = 'postgres://scorer:s3cret@127.0.0.1:1/scorebridge';
    const failure = await openProductStore(location(unreachable), clock).catch((error: Error) => error);
    expect(String(failure)).toMatch(
      /cannot reach Postgres.*the store at postgres:\/\/127\.0\.0\.1:1\/scorebridge/,
    );
    expect(String(failure)).not.toMatch(/s3cret|scorer/);
    const shown = describeStore(
      location('postgres://scorer:s3cret@db.internal:6543/scorebridge?sslmode=require'),
    );
    expect(shown).toBe('postgres://db.internal:6543/scorebridge');
    expect(describeStore(location('postgres://scorer:s3cret@db.internal/scorebridge'))).toBe(
      'postgres://db.internal:5432/scorebridge',
    );
  });
});
