import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/clock.ts';
import { churnScore } from '../../helpers/churn-score.ts';
import { openPostgresTestStore, type PostgresTestStore } from '../../helpers/postgres-store.ts';
import { account, batch } from '../../helpers/records.ts';
import { call } from '../server/server-fixture.ts';

const MAIN = fileURLToPath(new URL('../../../cli/main.ts', import.meta.url));
const clock = new FixedClock('2026-11-02T09:00:00Z');

const churn = (entityId: string, value: number, computedAt: string) =>
  churnScore(entityId, value, computedAt, 'fewer logins this month');

/** `scorebridge serve` in a process of its own; resolves with its address once it listens. */
function serve(configFile: string, url: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [MAIN, 'serve', '-c', configFile, '--port', '0', '--json'], {
    env: { ...process.env, DATABASE_URL: url, SCOREBRIDGE_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line) resolve({ child, base: (JSON.parse(line) as { listening: string }).listening });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err.slice(-2000)}`)));
  });
}

describe('two `scorebridge serve` processes on one Postgres', () => {
  let pg: PostgresTestStore;
  let dir: string;
  const replicas: { child: ChildProcess; base: string }[] = [];
  let key: string;
  let accountId: string;

  beforeAll(async () => {
    pg = await openPostgresTestStore(clock);
    await pg.store.applyBatch(batch('accounts', [account('hubspot', 'acme-1', { name: 'Acme' })]));
    accountId = String((pg.db.prepare('SELECT id FROM accounts').get() as { id: string }).id);
    await pg.store.saveScores([churn(accountId, 35, '2026-11-01T00:00:00.000Z')]);
    dir = mkdtempSync(join(tmpdir(), 'sb-serve-replicas-'));
    const configFile = join(dir, 'scorebridge.yaml');
    writeFileSync(
      configFile,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax under test
      ['version: 1', 'store:', '  type: postgres', '  url: ${DATABASE_URL}', 'connectors: {}', ''].join('\n'),
    );
    // The key comes from `scorebridge keys create` on a third process, as an operator makes one.
    const created = spawnSync(
      process.execPath,
      [MAIN, 'keys', 'create', '--name', 'replicas', '--scope', 'read', '--json', '-c', configFile],
      { env: { ...process.env, DATABASE_URL: pg.database.url }, encoding: 'utf8' },
    );
    expect(created.status, created.stderr).toBe(0);
    key = (JSON.parse(created.stdout) as { key: string }).key;
    replicas.push(
      ...(await Promise.all([serve(configFile, pg.database.url), serve(configFile, pg.database.url)])),
    );
  }, 120_000);

  afterAll(async () => {
    for (const { child } of replicas) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    try {
      pg?.db.close();
    } catch {
      // The last test dropped the database under this connection.
    }
    await pg?.database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers alike from both processes, before and after a scoring run writes', async () => {
    const path = `/v1/accounts/${encodeURIComponent(accountId)}/scores`;
    const first = await Promise.all(replicas.map((r) => call(r.base, path, { key })));
    expect(first.map((r) => r.status)).toEqual([200, 200]);
    expect(first[1]?.body).toEqual(first[0]?.body);
    expect(first[0]?.body.current).toMatchObject([{ value: 35 }]);
    await pg.store.saveScores([churn(accountId, 82, '2026-11-02T00:00:00.000Z')]);
    const after = await Promise.all(replicas.map((r) => call(r.base, path, { key })));
    expect(after[1]?.body).toEqual(after[0]?.body);
    expect(after[0]?.body.current).toMatchObject([{ value: 82, tier: 'high' }]);
  });

  it('is ready with Postgres up and answers 503 with the reason once the database is gone', async () => {
    for (const { base } of replicas) expect((await call(base, '/readyz')).status).toBe(200);
    await pg.database.drop();
    for (const { base } of replicas) {
      const gone = await call(base, '/readyz');
      expect(gone.status).toBe(503);
      expect(gone.body.reason).toContain('Postgres did not answer');
    }
  });
});
