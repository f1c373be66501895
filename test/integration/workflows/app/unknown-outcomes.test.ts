import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../app/config/index.ts';
import { enrollmentsOf } from '../../../../app/server/dashboard/record-workflows.ts';
import { openWorkflowEngine } from '../../../../app/workflows/open-session.ts';
import { workflowStatus } from '../../../../app/workflows/workflow-status.ts';
import type { CommandIo, ExitCode } from '../../../../cli/commands/command-io.ts';
import { registerOutbox } from '../../../../cli/commands/outbox.ts';
import { formatStatus } from '../../../../cli/commands/workflow-run-format.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { silentLogger } from '../../../../core/logger.ts';
import { buildCrashWorld } from './crash-world.ts';
import { headerOf, startScriptedSmtp } from './scripted-smtp.ts';

const ENV = { CRASH_UNSUBSCRIBE_SECRET: 'unknown-outcomes-test-key' };
const DAY0 = '2026-11-02T10:00:00.000Z';
const DAY1 = '2026-11-03T10:00:00.000Z';
const RESEND_TO = 'owner1@customer1.example';
const DELIVERED_TO = 'owner2@customer2.example';

async function cli(
  ...args: string[]
): Promise<{ code: ExitCode | undefined; stdout: string; stderr: string }> {
  let code: ExitCode | undefined;
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: ENV,
    setExitCode: (value) => {
      code = value;
    },
  };
  const program = new Command('scorebridge').exitOverride();
  registerOutbox(program, io);
  await program.parseAsync(['node', 'scorebridge', ...args]);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('unknown outcomes through the app: status, dashboard, hold and `outbox resolve`', () => {
  let smtp: Awaited<ReturnType<typeof startScriptedSmtp>>;
  let world: { configFile: string; storeFile: string };

  async function runAt(instant: string) {
    const loaded = await loadConfig(world.configFile, ENV);
    const session = await openWorkflowEngine(loaded, {
      clock: new FixedClock(instant),
      logger: silentLogger(),
      sleep: async () => {},
      env: ENV,
    });
    try {
      return await session.engine.runOnce('test');
    } finally {
      await session.close();
    }
  }

  const messageIdsTo = (address: string) =>
    smtp.delivered.filter((mail) => mail.to === address).map((mail) => headerOf(mail.raw, 'Message-ID'));

  beforeAll(async () => {
    smtp = await startScriptedSmtp();
    world = await buildCrashWorld(mkdtempSync(path.join(tmpdir(), 'sb-unknown-')), 4, smtp.port, DAY0);
  }, 60_000);
  afterAll(async () => smtp?.close());

  it('shows the step as unknown, holds its sequence, and resolves it by resend (same Message-ID) or as delivered', async () => {
    smtp.dropAfterData(RESEND_TO);
    smtp.dropAfterData(DELIVERED_TO);
    const day0 = await runAt(DAY0);
    expect(day0.relay).toMatchObject({ sent: 2, unknown: 2 });

    const db = new DatabaseSync(world.storeFile);
    const status = workflowStatus(db);
    expect(status.steps.map((s) => [s.stepIndex, s.outcome, Number(s.count)])).toEqual([
      [0, 'sent', 2],
      [0, 'unknown', 2],
    ]);
    expect(formatStatus(status)).toContain('scorebridge outbox resolve <id> --delivered');
    const heldAccount = db
      .prepare(
        `SELECT e.entity_id AS id FROM outbox o JOIN enrollments e ON e.id = json_extract(o.payload, '$.enrollmentId')
          WHERE json_extract(o.payload, '$.to') = ?`,
      )
      .get(RESEND_TO) as { id: string };
    const [panel] = enrollmentsOf(db, 'account', heldAccount.id, new Map());
    expect(panel?.steps[0]).toMatchObject({ state: 'unknown' });
    expect(panel?.steps[0]?.note).toContain('scorebridge outbox resolve');

    // Day 1: the two others get their second email; the held two do not.
    const day1 = await runAt(DAY1);
    expect(day1.steps).toMatchObject({ sent: 2, held: 2 });
    expect(messageIdsTo(RESEND_TO)).toHaveLength(1);

    const dry = await cli(
      'outbox',
      'resolve',
      '--all',
      '--resend',
      '--dry-run',
      '--json',
      '-c',
      world.configFile,
    );
    expect(dry.code).toBe(0);
    const listed = JSON.parse(dry.stdout) as {
      resolved: Array<{ id: number; to: string; messageId: string }>;
    };
    expect(listed.resolved.map((row) => row.to).sort()).toEqual([RESEND_TO, DELIVERED_TO]);
    const resendRow = listed.resolved.find((row) => row.to === RESEND_TO)!;
    const deliveredRow = listed.resolved.find((row) => row.to === DELIVERED_TO)!;
    // The Message-ID to look up in the mail log is the one the server received.
    expect(resendRow.messageId).toBe(messageIdsTo(RESEND_TO)[0]);
    expect(workflowStatus(db).unknown).toHaveLength(2);

    expect((await cli('outbox', 'resolve', String(resendRow.id), '-c', world.configFile)).code).toBe(2);
    const resend = await cli('outbox', 'resolve', String(resendRow.id), '--resend', '-c', world.configFile);
    expect(resend).toMatchObject({ code: 0, stderr: '' });
    expect(resend.stdout).toContain(`1 row queued to send again under the same key`);
    const delivered = await cli(
      'outbox',
      'resolve',
      String(deliveredRow.id),
      '--delivered',
      '-c',
      world.configFile,
    );
    expect(delivered.code).toBe(0);
    const again = await cli('outbox', 'resolve', String(deliveredRow.id), '--resend', '-c', world.configFile);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('row is sent; only rows with an unknown outcome are resolved');

    // After the quarter-hour recheck both sequences go on; the resend carries the first Message-ID.
    const later = await runAt('2026-11-03T10:20:00.000Z');
    expect(later.relay.sent).toBe(3);
    const resent = messageIdsTo(RESEND_TO);
    expect(resent).toHaveLength(3);
    expect(resent[1]).toBe(resent[0]);
    expect(messageIdsTo(DELIVERED_TO)).toHaveLength(2);
    const final = workflowStatus(db);
    expect(final.unknown).toEqual([]);
    expect(final.steps.filter((s) => s.outcome === 'unknown')).toEqual([]);
    db.close();
  }, 60_000);
});
