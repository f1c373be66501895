import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/clock.ts';
import { enqueue, type OutboxIntent, OutboxRelay } from '../../../../workflows/outbox/index.ts';
import { fileLoggingSender, openOutboxStore, START, stateOf, tempStorePath } from './harness.ts';

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-child.ts');

/** Runs the child until it reports a send it has not recorded, then kills it without warning. */
function runChildUntilKilled(storePath: string, logFile: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, storePath, logFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('sent-not-recorded')) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(signal);
      else reject(new Error(`crash child exited with ${code} before sending: ${stderr}`));
    });
  });
}

const email: OutboxIntent = { idempotencyKey: 'wf:1:enr-9:day0', kind: 'email', payload: { to: 'a@x.io' } };
const crmWrite: OutboxIntent = {
  idempotencyKey: 'crm:contact-9:lead_score',
  kind: 'crm_write',
  payload: { lead_score: 0.7 },
};

describe('outbox survives a SIGKILLed relay process', () => {
  let storePath = '';
  afterEach(async () => {
    if (storePath) await rm(path.dirname(storePath), { recursive: true, force: true });
  });

  async function crashThenRecover(first: OutboxIntent, second: OutboxIntent) {
    storePath = await tempStorePath();
    const logFile = path.join(path.dirname(storePath), 'sends.log');
    writeFileSync(logFile, '');
    const clock = new FixedClock(START);
    const seed = await openOutboxStore(storePath, clock);
    enqueue(seed.database, [first, second], clock.now());
    await seed.close();

    expect(await runChildUntilKilled(storePath, logFile)).toBe('SIGKILL');

    const store = await openOutboxStore(storePath, clock);
    try {
      expect(stateOf(store, first.idempotencyKey)).toBe('sending');
      const sender = fileLoggingSender(logFile);
      const relay = new OutboxRelay({
        db: store.database,
        clock,
        random: () => 0.5,
        sleep: async (ms) => clock.advance(ms),
        transports: { email: sender, crm_write: sender },
      });
      const recovery = relay.recover(clock.now());
      await relay.drain(10, 5);
      return {
        recovery,
        sends: readFileSync(logFile, 'utf8').trim().split('\n'),
        states: [stateOf(store, first.idempotencyKey), stateOf(store, second.idempotencyKey)],
        unknownKeys: relay.report().unknown.map((row) => row.idempotencyKey),
      };
    } finally {
      await store.close();
    }
  }

  it('never resends the email that was in flight and then delivers the CRM write once', async () => {
    const result = await crashThenRecover(email, crmWrite);
    // Rows are claimed one at a time, so only the row in flight was left in `sending`.
    expect(result.recovery).toEqual({ requeued: [], unknown: [1] });
    expect(result.sends).toEqual([`email ${email.idempotencyKey}`, `crm_write ${crmWrite.idempotencyKey}`]);
    expect(result.states).toEqual(['unknown', 'sent']);
    expect(result.unknownKeys).toEqual([email.idempotencyKey]);
  });

  it('replays an in-flight CRM write exactly once more with the same key, and sends the email once', async () => {
    const result = await crashThenRecover(crmWrite, email);
    expect(result.recovery).toEqual({ requeued: [1], unknown: [] });
    expect(result.sends).toEqual([
      `crm_write ${crmWrite.idempotencyKey}`,
      `crm_write ${crmWrite.idempotencyKey}`,
      `email ${email.idempotencyKey}`,
    ]);
    // The email was never claimed before the crash (rows are claimed one at a time), so it is
    // sent normally afterwards, exactly once.
    expect(result.states).toEqual(['sent', 'sent']);
    expect(result.unknownKeys).toEqual([]);
  });
});
