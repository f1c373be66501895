import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deterministicMessageId } from '../../../../workflows/email/index.ts';
import { buildCrashWorld } from './crash-world.ts';
import { headerOf, startScriptedSmtp } from './scripted-smtp.ts';

const RUNNER = fileURLToPath(new URL('./crash-runner.ts', import.meta.url));
const ACCOUNTS = 1_000;
const MIN_KILLS = 24;
/** The three days of the sequence; the runner is killed and restarted within each. */
const INSTANTS = ['2026-11-02T10:00:00.000Z', '2026-11-03T10:00:01.000Z', '2026-11-04T10:00:02.000Z'];

/** Seeded so a failure can be replayed (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function startRunner(
  configFile: string,
  instant: string,
): { child: ChildProcess; ready: Promise<void>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [RUNNER, configFile, instant], {
    env: { ...process.env, CRASH_UNSUBSCRIBE_SECRET: 'crash-test-unsubscribe-key' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.on('exit', () => resolve());
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exit };
}

describe('crash safety: SIGKILL the workflow runner at random moments', () => {
  let smtp: Awaited<ReturnType<typeof startScriptedSmtp>>;
  let world: { configFile: string; storeFile: string };
  let kills = 0;

  beforeAll(async () => {
    smtp = await startScriptedSmtp();
    world = await buildCrashWorld(
      mkdtempSync(path.join(tmpdir(), 'sb-crash-')),
      ACCOUNTS,
      smtp.port,
      INSTANTS[0]!,
    );
  }, 60_000);
  afterAll(async () => smtp?.close());

  it(`delivers every due email of ${ACCOUNTS} sequences exactly once or reports it unknown`, async () => {
    const random = rng(20261122);
    for (const [phase, instant] of INSTANTS.entries()) {
      // Kill the runner at random moments until the phase has taken its share of kills, then let
      // one runner finish the day's work.
      const killsForPhase = Math.ceil(MIN_KILLS / INSTANTS.length) + (phase === 0 ? 1 : 0);
      for (let k = 0; k < killsForPhase; k += 1) {
        const runner = startRunner(world.configFile, instant);
        await runner.ready;
        await new Promise((resolve) => setTimeout(resolve, 20 + random() * 600));
        if (runner.child.exitCode === null) {
          runner.child.kill('SIGKILL');
          kills += 1;
        }
        await runner.exit;
      }
      const last = startRunner(world.configFile, instant);
      expect(await last.exit).toBe(0);
    }
    expect(kills).toBeGreaterThanOrEqual(20);

    const db = new DatabaseSync(world.storeFile, { readOnly: true });
    const rows = db
      .prepare(`SELECT idempotency_key AS key, state FROM outbox WHERE kind = 'email' ORDER BY id`)
      .all() as Array<{ key: string; state: string }>;
    const enrollments = db
      .prepare(`SELECT state, COUNT(*) AS n FROM enrollments GROUP BY state`)
      .all() as Array<{
      state: string;
      n: number;
    }>;
    const stepRuns = db
      .prepare(`SELECT outcome, COUNT(*) AS n FROM step_runs GROUP BY outcome`)
      .all() as Array<{
      outcome: string;
      n: number;
    }>;
    db.close();

    // No step lost: every enrollment completed, each with three sent steps and three outbox emails.
    expect(enrollments.map((e) => [e.state, Number(e.n)])).toEqual([['completed', ACCOUNTS]]);
    expect(stepRuns.map((s) => [s.outcome, Number(s.n)])).toEqual([['sent', 3 * ACCOUNTS]]);
    expect(rows).toHaveLength(3 * ACCOUNTS);

    const deliveries = new Map<string, number>();
    for (const mail of smtp.delivered) {
      const id = headerOf(mail.raw, 'Message-ID')!;
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
    }
    // None twice.
    expect([...deliveries.values()].filter((n) => n > 1)).toEqual([]);
    const unknown = rows.filter((row) => row.state === 'unknown');
    for (const row of rows) {
      const delivered = deliveries.get(deterministicMessageId(row.key, 'crash.example')) ?? 0;
      if (row.state === 'sent') expect(delivered, `row ${row.key}`).toBe(1);
      else expect(row.state).toBe('unknown');
    }
    const unknownDelivered = unknown.filter((row) =>
      deliveries.has(deterministicMessageId(row.key, 'crash.example')),
    );
    console.info(
      `crash test: ${kills} SIGKILLs, ${rows.length} emails due, ${rows.length - unknown.length} delivered exactly once, ` +
        `${unknown.length} unknown (${unknownDelivered.length} of them had reached the SMTP server), 0 duplicates`,
    );
    expect(unknown.length).toBeLessThanOrEqual(kills);
  }, 600_000);
});
