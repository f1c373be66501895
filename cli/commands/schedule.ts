import type { Command } from 'commander';
import { systemClock } from '../../core/clock.ts';
import { realSleep } from '../../core/limits/sleep.ts';
import type { Logger } from '../../core/logger.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  type ExitCode,
  processIo,
} from './command-io.ts';
import { runGuarded } from './guarded.ts';
import { publishFromConfig } from './publish.ts';
import { runScore } from './score.ts';
import { syncFromConfig } from './sync.ts';
import { formatHeldRun, formatRunSummary } from './workflow-run-format.ts';

interface ScheduleOptions {
  readonly config: string;
  readonly json?: boolean;
}

/**
 * With --json, a job's own JSON document is captured and printed as one line with the job's name and
 * when it finished, so a log collector reads each run as it comes. Without, the job prints as usual.
 */
async function reportJob(
  io: CommandIo,
  json: boolean | undefined,
  job: string,
  run: (jobOut: CommandIo) => Promise<unknown>,
): Promise<void> {
  if (!json) {
    await run(io);
    return;
  }
  const out: string[] = [];
  await run({ ...io, stdout: (text) => out.push(text) });
  const text = out.join('\n').trim();
  io.stdout(
    JSON.stringify({ job, finishedAt: new Date().toISOString(), result: text ? JSON.parse(text) : null }),
  );
}

/** Logs a job's failure through the exit code it sets, so one failed sync does not stop the schedule. */
function jobIo(io: CommandIo, name: string, logger: Logger): CommandIo {
  return {
    ...io,
    setExitCode: (code) => {
      if (code !== EXIT_OK) logger.error({ job: name, exitCode: code }, 'scheduled job failed');
    },
  };
}

/**
 * The long-running process: sync, score (then publish to warehouses) and workflows each on their
 * `schedules` cron. Each job catches up once at start, never overlaps itself, and a failure is
 * logged and retried at the next tick. `serve --engine` can instead run the workflows in the server.
 * On a Postgres store it only enqueues the jobs, once per period however many run; workers run them.
 */
export async function runSchedule(options: ScheduleOptions, io: CommandIo): Promise<ExitCode> {
  const [{ loadConfig }, { openWorkflowEngine }, { startTicker }, { createLogger }, { gatedEngineRun }] =
    await Promise.all([
      import('../../app/config/index.ts'),
      import('../../app/workflows/open-session.ts'),
      import('../../app/workflows/ticker.ts'),
      import('../../core/logger.ts'),
      import('../../app/safety/gated-engine-run.ts'),
    ]);
  const loaded = await loadConfig(options.config, io.env);
  const { schedules } = loaded.config;
  // A long-running process reports each job it runs: info by default, also at a terminal.
  const logger = createLogger({ level: io.env.SCOREBRIDGE_LOG_LEVEL ?? 'info' });
  if (!schedules.sync && !schedules.score && !schedules.workflows) {
    io.stderr(
      `${loaded.displayFile}: no schedules set; add schedules.sync, schedules.score or schedules.workflows`,
    );
    return EXIT_INVALID_INPUT;
  }
  if (loaded.config.store.type === 'postgres') {
    const { runEnqueueSchedule } = await import('./schedule-enqueue.ts');
    return runEnqueueSchedule(loaded, io, { clock: systemClock, logger, json: options.json ?? false });
  }
  const config = options.config;
  const tickers: Array<{ stop(): Promise<void> }> = [];
  const session = schedules.workflows
    ? await openWorkflowEngine(loaded, { clock: systemClock, logger, sleep: realSleep, env: io.env })
    : undefined;
  const timezone = schedules.timezone;
  if (schedules.sync)
    tickers.push(
      await startTicker({
        cron: schedules.sync,
        timezone,
        logger,
        run: () =>
          reportJob(jobIo(io, 'sync', logger), options.json, 'sync', (out) =>
            syncFromConfig({ config, json: options.json ?? false }, out),
          ),
      }),
    );
  if (schedules.score)
    tickers.push(
      await startTicker({
        cron: schedules.score,
        timezone,
        logger,
        run: async () => {
          const json = options.json ?? false;
          await reportJob(jobIo(io, 'score', logger), json, 'score', (out) =>
            runScore({ config, model: 'all', json }, {}, out),
          );
          await reportJob(jobIo(io, 'publish', logger), json, 'publish', async (out) => {
            const publish = await publishFromConfig({ config, json }, out);
            if (publish.held.length > 0)
              logger.warn(
                { connectors: publish.held },
                'publish held by safety gates; the next score run checks again',
              );
          });
        },
      }),
    );
  if (schedules.workflows && session)
    tickers.push(
      await startTicker({
        cron: schedules.workflows,
        timezone,
        logger,
        run: async (trigger) => {
          const run = await gatedEngineRun({ ...session, loaded, clock: systemClock, logger }, trigger);
          io.stdout(
            options.json
              ? JSON.stringify({ job: 'workflows', finishedAt: new Date().toISOString(), result: run })
              : run.held
                ? formatHeldRun(run.tripped)
                : formatRunSummary(run.summary),
          );
          return run;
        },
      }),
    );
  if (options.json)
    io.stdout(
      JSON.stringify({
        scheduled: {
          timezone,
          sync: schedules.sync ?? null,
          score: schedules.score ?? null,
          workflows: schedules.workflows ?? null,
        },
      }),
    );
  else
    io.stdout(
      `scheduled in ${timezone}: ${[
        schedules.sync && `sync "${schedules.sync}"`,
        schedules.score && `score + publish "${schedules.score}"`,
        schedules.workflows && `workflows "${schedules.workflows}"`,
      ]
        .filter(Boolean)
        .join(', ')}; Ctrl-C stops`,
    );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  for (const ticker of tickers) await ticker.stop();
  await session?.close();
  return EXIT_OK;
}

export function registerSchedule(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('schedule')
    .description(
      'run sync, score + publish and workflows on their schedules (cron); catches up once at start. On a Postgres store: only enqueue them for `scorebridge worker`',
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--json', 'print one JSON line per job run (job, finishedAt and its result) instead of tables')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: ScheduleOptions) => {
      await runGuarded(io, () => runSchedule(options, io));
    });
}
