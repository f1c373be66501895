import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowStatus } from '../../../../app/workflows/workflow-status.ts';
import { crashTally, mailLog, reconcileFromMailLog, rng, startRunner } from './crash-harness.ts';
import { buildCrashWorld } from './crash-world.ts';
import { type DeliveryHooks, startScriptedSmtp } from './scripted-smtp.ts';

/**
 * Kills timed on delivery progress, across the days of a sequence with a send window in three time
 * zones. Every runner start costs about two seconds of CPU, so the suite's default is 24 kills over
 * 6 runs; CRASH_DELIVERY_ACCOUNTS and CRASH_DELIVERY_KILLS_PER_RUN make a longer run (e.g. 2000, 10).
 */
const ACCOUNTS = Number(process.env.CRASH_DELIVERY_ACCOUNTS ?? 90);
const KILLS_PER_INSTANT = Number(process.env.CRASH_DELIVERY_KILLS_PER_RUN ?? 4);
const MIN_KILLS = 20;
/** Kill after 1 to this many further messages reach the server. */
const MAX_GAP = 6;
const ZONES = ['Asia/Kolkata', 'Europe/Berlin', 'America/New_York'];
const DELIVERY = `delivery:
  sendWindow: "09:00-17:00"
  sendDays: [mon, tue, wed, thu, fri]
`;
/**
 * Two runs a day, Monday 2 to Wednesday 4 November 2026. At 09:30Z the window is open in Kolkata
 * (15:00) and Berlin (10:30), not in New York (04:30); at 14:30Z in Berlin (15:30) and New York
 * (09:30), not in Kolkata (20:00). A step due outside its recipient's window waits for it.
 */
const INSTANTS = ['02', '03', '04'].flatMap((day) =>
  ['09:30', '14:30'].map((time) => `2026-11-${day}T${time}:00.000Z`),
);

type Moment = keyof DeliveryHooks;

/** The hour and weekday on the recipient's wall clock. */
function wallClock(iso: string, zone: string): { hour: number; weekday: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hour: 'numeric',
    hourCycle: 'h23',
    weekday: 'short',
  }).formatToParts(new Date(iso));
  return {
    hour: Number(parts.find((p) => p.type === 'hour')?.value),
    weekday: parts.find((p) => p.type === 'weekday')?.value ?? '',
  };
}

describe('crash safety: SIGKILL the runner as messages reach the SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startScriptedSmtp>>;
  let world: { configFile: string; storeFile: string };

  beforeAll(async () => {
    smtp = await startScriptedSmtp();
    world = await buildCrashWorld(
      mkdtempSync(path.join(tmpdir(), 'sb-crash-delivery-')),
      ACCOUNTS,
      smtp.port,
      INSTANTS[0]!,
      { delivery: DELIVERY, timeZones: ZONES },
    );
  }, 60_000);
  afterAll(async () => smtp?.close());

  it(`loses no step and duplicates no email of ${ACCOUNTS} sequences, and counts every unknown outcome`, async () => {
    const random = rng(20261207);
    const kills: Record<Moment, number> = { received: 0, accepted: 0 };
    let unknown = 0;
    let resent = 0;
    for (const instant of INSTANTS) {
      let killsHere = 0;
      for (;;) {
        const runner = startRunner(world.configFile, instant);
        // Alternate: before the server's 250 (the message is there, the client has no answer) and
        // right after it (accepted, not yet committed by the runner).
        const moment: Moment = (kills.received + kills.accepted) % 2 === 0 ? 'received' : 'accepted';
        const target = smtp.delivered.length + 1 + Math.floor(random() * MAX_GAP);
        let killed = false;
        if (killsHere < KILLS_PER_INSTANT)
          smtp.hooks[moment] = (count) => {
            if (killed || count < target) return;
            killed = true;
            runner.child.kill('SIGKILL');
          };
        const code = await runner.exit;
        smtp.hooks.received = undefined;
        smtp.hooks.accepted = undefined;
        if (killed) {
          kills[moment] += 1;
          killsHere += 1;
          continue;
        }
        expect(code, `runner at ${instant}`).toBe(0);
        break;
      }
      // Each unknown row shows as an unknown step until the operator settles it from the mail log.
      const db = new DatabaseSync(world.storeFile, { readOnly: true });
      const status = workflowStatus(db);
      db.close();
      const unknownSteps = status.steps
        .filter((s) => s.outcome === 'unknown')
        .reduce((n, s) => n + Number(s.count), 0);
      expect(unknownSteps).toBe(status.unknown.length);
      const settled = await reconcileFromMailLog(world, mailLog(smtp.delivered));
      unknown += settled.delivered + settled.resent;
      resent += settled.resent;
    }
    // Resends of the last run go out with the next one.
    expect(await startRunner(world.configFile, INSTANTS.at(-1)!).exit).toBe(0);

    const totalKills = kills.received + kills.accepted;
    expect(totalKills).toBeGreaterThanOrEqual(MIN_KILLS);
    const tally = crashTally(world.storeFile, smtp.delivered);
    // No step lost: every sequence completed with three sent steps and three emails sent.
    expect(tally.enrollments).toEqual([['completed', ACCOUNTS]]);
    expect(tally.stepRuns).toEqual([['sent', 3 * ACCOUNTS]]);
    expect(tally.emailStates).toEqual([['sent', 3 * ACCOUNTS]]);
    expect(tally.duplicates).toEqual([]);
    expect(tally.sentButNotDelivered).toEqual([]);
    // A kill before the 250 always strands the message in flight; after it, almost always.
    expect(unknown).toBeGreaterThanOrEqual(kills.received);
    expect(unknown).toBeLessThanOrEqual(totalKills);

    // Every step ran inside its recipient's send window, on a weekday.
    const db = new DatabaseSync(world.storeFile, { readOnly: true });
    const steps = db
      .prepare(
        `SELECT s.at, json_extract(o.payload, '$.to') AS recipient FROM step_runs s
           JOIN outbox o ON json_extract(o.payload, '$.enrollmentId') = s.enrollment_id
            AND json_extract(o.payload, '$.stepIndex') = s.step_index`,
      )
      .all() as Array<{ at: string; recipient: string }>;
    db.close();
    expect(steps).toHaveLength(3 * ACCOUNTS);
    for (const step of steps) {
      const index = Number(/^owner(\d+)@/.exec(step.recipient)?.[1]);
      const { hour, weekday } = wallClock(step.at, ZONES[index % ZONES.length]!);
      expect(
        hour >= 9 && hour < 17 && !['Sat', 'Sun'].includes(weekday),
        `${step.recipient} at ${step.at}`,
      ).toBe(true);
    }
    console.info(
      `delivery crash test: ${totalKills} SIGKILLs on delivery progress (${kills.received} before the server's 250, ` +
        `${kills.accepted} after it), ${tally.emailRows} emails over ${INSTANTS.length} runs in ${ZONES.length} time zones, ` +
        `${unknown} unknown outcomes (${unknown - resent} found in the mail log and marked delivered, ${resent} resent), ` +
        `0 duplicates, 0 lost steps`,
    );
  }, 600_000);
});
