import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../../core/logger.ts';

export interface TickerOptions {
  readonly cron: string;
  readonly timezone: string;
  readonly logger: Logger;
  /** One engine run; `trigger` says why it ran ("schedule", "catch-up"). */
  readonly run: (trigger: string) => Promise<unknown>;
}

/**
 * node-cron only says "now is a good moment to run"; the engine decides what is due. Missed-tick
 * policy: after downtime we run ONCE at start-up ("catch-up"), not once per missed tick. That is
 * enough because a run is level-triggered (it performs every step due at or before now, in due
 * order) and idempotent; emails whose window passed while we were down wait for their next send
 * window instead of going out at once, and nobody gets a burst of back-to-back steps beyond
 * what the frequency caps allow. Overlapping runs are skipped (noOverlap), never queued.
 */
export async function startTicker(options: TickerOptions): Promise<{ stop(): Promise<void> }> {
  const guarded = async (trigger: string) => {
    try {
      const summary = await options.run(trigger);
      options.logger.info({ trigger, summary }, 'workflow run finished');
    } catch (error) {
      // A failed run is logged and the next tick tries again; the outbox keeps what was decided.
      options.logger.error({ trigger, err: error }, 'workflow run failed');
    }
  };
  await guarded('catch-up');
  const task: ScheduledTask = cron.schedule(options.cron, () => guarded('schedule'), {
    timezone: options.timezone,
    noOverlap: true,
    name: 'scorebridge-workflows',
  });
  return {
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}
