import type { Clock } from '../../core/clock.ts';
import type { ConfigEnv } from '../../core/config/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { LoadedConfig } from '../config/index.ts';
import { gatedEngineRun } from '../safety/gated-engine-run.ts';
import { openWorkflowEngine } from '../workflows/open-session.ts';
import { startTicker } from '../workflows/ticker.ts';

export interface InProcessEngine {
  /** Stops the schedule, waits for a run in progress to finish, then releases the engine and its store. */
  stop(): Promise<void>;
}

/**
 * The workflow engine on schedules.workflows inside the server process: the same engine and
 * single-runner lease as `scorebridge workflows run --watch`, so only one runner acts at a time.
 */
export async function startEngineInProcess(
  loaded: LoadedConfig,
  options: { clock: Clock; logger: Logger; env: ConfigEnv; sleep: (ms: number) => Promise<void> },
): Promise<InProcessEngine> {
  const { schedules } = loaded.config;
  if (schedules.workflows === undefined)
    throw new Error(
      `${loaded.displayFile}: schedules.workflows is not set; add e.g. "*/5 * * * *" to run the engine with the server`,
    );
  const session = await openWorkflowEngine(loaded, options);
  let running: Promise<unknown> = Promise.resolve();
  let ticker: { stop(): Promise<void> };
  try {
    ticker = await startTicker({
      cron: schedules.workflows,
      timezone: schedules.timezone,
      logger: options.logger,
      run: (trigger) => {
        const run = gatedEngineRun(
          { ...session, loaded, clock: options.clock, logger: options.logger },
          trigger,
        );
        running = run.catch(() => undefined);
        return run;
      },
    });
  } catch (error) {
    await session.close();
    throw error;
  }
  return {
    async stop() {
      await ticker.stop();
      // A run cut off mid-way would be recovered on the next start, but finishing it is cleaner.
      await running;
      await session.close();
    },
  };
}
