import cron, { type ScheduledTask } from 'node-cron';
import type { LoadedConfig } from '../../app/config/index.ts';
import type { ScheduledWork } from '../../app/jobs/enqueue-period.ts';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import { type CommandIo, EXIT_OK, type ExitCode } from './command-io.ts';

export interface EnqueueTick {
  readonly work: ScheduledWork;
  readonly period: string;
  readonly added: readonly string[];
  readonly present: readonly string[];
}

/**
 * Opens the queue and enqueues each due `schedules.*` entry's jobs once per period (at start, the
 * latest period: the catch-up). Returns how to stop; `onTick` sees every enqueue.
 */
export async function startEnqueueing(
  loaded: LoadedConfig,
  deps: { readonly clock: Clock; readonly logger: Logger; readonly onTick?: (tick: EnqueueTick) => void },
): Promise<{ stop(): Promise<void> }> {
  const [{ openJobQueue }, { enqueuePeriod }, { periodOf }] = await Promise.all([
    import('../../app/jobs/queue.ts'),
    import('../../app/jobs/enqueue-period.ts'),
    import('../../app/jobs/period.ts'),
  ]);
  const { schedules, store, jobs } = loaded.config;
  const queue = await openJobQueue(store, jobs, { supervise: false }, 'scorebridge schedule');
  const entries = (['sync', 'score', 'workflows'] as const).flatMap((work) =>
    schedules[work] ? [{ work, cron: schedules[work] }] : [],
  );
  const tick = async (work: ScheduledWork, expression: string) => {
    try {
      const period = periodOf(queue.boss, expression, schedules.timezone, deps.clock.now());
      const result = await enqueuePeriod(queue, loaded, work, period);
      deps.logger.info(
        { work, period, added: result.added, alreadyQueued: result.present },
        result.added.length > 0 ? 'jobs enqueued' : 'jobs of this period were enqueued already',
      );
      deps.onTick?.({ work, period, ...result });
    } catch (error) {
      // The next tick tries again; a period enqueued late is still enqueued once.
      deps.logger.error({ work, err: error }, 'enqueueing failed');
    }
  };
  for (const entry of entries) await tick(entry.work, entry.cron);
  const tasks: ScheduledTask[] = entries.map((entry) =>
    cron.schedule(entry.cron, () => tick(entry.work, entry.cron), {
      timezone: schedules.timezone,
      noOverlap: true,
      name: `scorebridge-enqueue-${entry.work}`,
    }),
  );
  return {
    async stop() {
      for (const task of tasks) {
        await task.stop();
        await task.destroy();
      }
      await queue.stop({ graceful: false, timeoutMs: 5000 });
    },
  };
}

/** `scorebridge schedule` on a Postgres store: enqueue only; `scorebridge worker`s run the jobs. */
export async function runEnqueueSchedule(
  loaded: LoadedConfig,
  io: CommandIo,
  deps: { readonly clock: Clock; readonly logger: Logger; readonly json: boolean },
): Promise<ExitCode> {
  const { schedules } = loaded.config;
  const scheduler = await startEnqueueing(loaded, {
    ...deps,
    onTick: (tick) =>
      io.stdout(
        deps.json
          ? JSON.stringify({
              enqueued: tick.work,
              period: tick.period,
              added: tick.added,
              alreadyQueued: tick.present,
            })
          : `${tick.period}: ${tick.work}: ${tick.added.length > 0 ? `enqueued ${tick.added.join(', ')}` : 'nothing new'}${tick.present.length > 0 ? ` (already queued by another scheduler: ${tick.present.length})` : ''}`,
      ),
  });
  if (deps.json)
    io.stdout(
      JSON.stringify({
        scheduled: {
          mode: 'enqueue',
          timezone: schedules.timezone,
          sync: schedules.sync ?? null,
          score: schedules.score ?? null,
          workflows: schedules.workflows ?? null,
        },
      }),
    );
  else
    io.stdout(
      `enqueueing on the shared queue in ${schedules.timezone}: ${[
        schedules.sync && `sync "${schedules.sync}"`,
        schedules.score && `score + publish "${schedules.score}"`,
        schedules.workflows && `workflows "${schedules.workflows}"`,
      ]
        .filter(Boolean)
        .join(', ')}; \`scorebridge worker\` runs the jobs, \`scorebridge jobs\` shows them; Ctrl-C stops`,
    );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await scheduler.stop();
  return EXIT_OK;
}
