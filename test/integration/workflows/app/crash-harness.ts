import { type ChildProcess, spawn } from 'node:child_process';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import type { CommandIo, ExitCode } from '../../../../cli/commands/command-io.ts';
import { registerOutbox } from '../../../../cli/commands/outbox.ts';
import { deterministicMessageId } from '../../../../workflows/email/index.ts';
import { headerOf } from './scripted-smtp.ts';

const RUNNER = fileURLToPath(new URL('./crash-runner.ts', import.meta.url));
export const CRASH_ENV = { CRASH_UNSUBSCRIBE_SECRET: 'crash-test-unsubscribe-key' };

/** Seeded so a failure can be replayed (mulberry32). */
export function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One crash-runner.ts child: a workflow runner at a fixed instant, run until nothing moves. */
export function startRunner(
  configFile: string,
  instant: string,
): { child: ChildProcess; ready: Promise<void>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [RUNNER, configFile, instant], {
    env: { ...process.env, ...CRASH_ENV },
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

/** `scorebridge outbox …` in-process, with its output and exit code captured. */
export async function outboxCli(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: ExitCode | undefined; stdout: string; stderr: string }> {
  let code: ExitCode | undefined;
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
    setExitCode: (value) => {
      code = value;
    },
  };
  const program = new Command('scorebridge').exitOverride();
  registerOutbox(program, io);
  await program.parseAsync(['node', 'scorebridge', 'outbox', ...args]);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/**
 * What an operator does after a crash, as the README describes: look each unknown email's
 * Message-ID up in the mail server's log, mark the ones found delivered and resend the others.
 */
export async function reconcileFromMailLog(
  world: { readonly configFile: string; readonly storeFile: string },
  mailLog: ReadonlySet<string>,
  sendingDomain = 'crash.example',
): Promise<{ delivered: number; resent: number }> {
  const db = new DatabaseSync(world.storeFile, { readOnly: true });
  const unknown = db
    .prepare(`SELECT id, idempotency_key AS key FROM outbox WHERE state = 'unknown' ORDER BY id`)
    .all() as Array<{ id: number; key: string }>;
  db.close();
  const found: string[] = [];
  const missing: string[] = [];
  for (const row of unknown)
    (mailLog.has(deterministicMessageId(row.key, sendingDomain)) ? found : missing).push(String(row.id));
  for (const [ids, flag] of [
    [found, '--delivered'],
    [missing, '--resend'],
  ] as const) {
    if (ids.length === 0) continue;
    const result = await outboxCli(CRASH_ENV, 'resolve', ...ids, flag, '-c', world.configFile);
    if (result.code !== 0) throw new Error(`outbox resolve ${flag} failed: ${result.stderr}`);
  }
  return { delivered: found.length, resent: missing.length };
}

export interface CrashTally {
  readonly enrollments: Array<[state: string, count: number]>;
  readonly stepRuns: Array<[outcome: string, count: number]>;
  /** Email rows by state. */
  readonly emailStates: Array<[state: string, count: number]>;
  readonly emailRows: number;
  /** Message-IDs the SMTP server received more than once. */
  readonly duplicates: string[];
  /** Email rows marked sent whose Message-ID never reached the server. */
  readonly sentButNotDelivered: string[];
}

/** What a crash run left behind, read from the store and the SMTP server's log. */
export function crashTally(storeFile: string, delivered: readonly { raw: string }[]): CrashTally {
  const db = new DatabaseSync(storeFile, { readOnly: true });
  const pairs = (sql: string) =>
    (db.prepare(sql).all() as Array<{ k: string; n: number }>).map((r): [string, number] => [
      r.k,
      Number(r.n),
    ]);
  const enrollments = pairs(`SELECT state AS k, COUNT(*) AS n FROM enrollments GROUP BY state`);
  const stepRuns = pairs(`SELECT outcome AS k, COUNT(*) AS n FROM step_runs GROUP BY outcome`);
  const emailStates = pairs(
    `SELECT state AS k, COUNT(*) AS n FROM outbox WHERE kind = 'email' GROUP BY state`,
  );
  const sentKeys = db
    .prepare(`SELECT idempotency_key AS key FROM outbox WHERE kind = 'email' AND state = 'sent'`)
    .all() as Array<{ key: string }>;
  db.close();
  const deliveries = new Map<string, number>();
  for (const mail of delivered) {
    const id = headerOf(mail.raw, 'Message-ID')!;
    deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
  }
  return {
    enrollments,
    stepRuns,
    emailStates,
    emailRows: emailStates.reduce((sum, [, n]) => sum + n, 0),
    duplicates: [...deliveries].filter(([, n]) => n > 1).map(([id]) => id),
    sentButNotDelivered: sentKeys
      .map((row) => deterministicMessageId(row.key, 'crash.example'))
      .filter((id) => !deliveries.has(id)),
  };
}

/** The Message-IDs the SMTP server holds: the "mail log" an operator reconciles against. */
export function mailLog(delivered: readonly { raw: string }[]): Set<string> {
  return new Set(delivered.map((mail) => headerOf(mail.raw, 'Message-ID')!));
}
