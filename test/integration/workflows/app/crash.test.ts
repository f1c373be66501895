import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashTally, mailLog, reconcileFromMailLog, rng, startRunner } from './crash-harness.ts';
import { buildCrashWorld } from './crash-world.ts';
import { startScriptedSmtp } from './scripted-smtp.ts';

const ACCOUNTS = 1_000;
const MIN_KILLS = 24;
/** The three days of the sequence; the runner is killed and restarted within each. */
const INSTANTS = ['2026-11-02T10:00:00.000Z', '2026-11-03T10:00:01.000Z', '2026-11-04T10:00:02.000Z'];

describe('crash safety: SIGKILL the workflow runner at random moments', () => {
  let smtp: Awaited<ReturnType<typeof startScriptedSmtp>>;
  let world: { configFile: string; storeFile: string };
  let kills = 0;
  let unknown = 0;
  let resent = 0;

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

  it(`delivers every due email of ${ACCOUNTS} sequences exactly once, settling unknown outcomes from the mail log`, async () => {
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
      // The operator settles the day's unknown outcomes against the mail log before the next day.
      const settled = await reconcileFromMailLog(world, mailLog(smtp.delivered));
      unknown += settled.delivered + settled.resent;
      resent += settled.resent;
    }
    expect(kills).toBeGreaterThanOrEqual(20);
    // The last day's resends go out with the next run.
    expect(await startRunner(world.configFile, INSTANTS.at(-1)!).exit).toBe(0);

    const tally = crashTally(world.storeFile, smtp.delivered);
    // No step lost: every enrollment completed, each with three sent steps and three emails sent.
    expect(tally.enrollments).toEqual([['completed', ACCOUNTS]]);
    expect(tally.stepRuns).toEqual([['sent', 3 * ACCOUNTS]]);
    expect(tally.emailStates).toEqual([['sent', 3 * ACCOUNTS]]);
    // None twice, and none marked sent that the server never got.
    expect(tally.duplicates).toEqual([]);
    expect(tally.sentButNotDelivered).toEqual([]);
    console.info(
      `crash test: ${kills} SIGKILLs at random moments, ${tally.emailRows} emails, ${unknown} unknown outcomes ` +
        `(${unknown - resent} found in the mail log and marked delivered, ${resent} resent), 0 duplicates`,
    );
    expect(unknown).toBeLessThanOrEqual(kills);
  }, 600_000);
});
