import type { Command } from 'commander';
import { systemClock } from '../../core/clock.ts';
import { realSleep } from '../../core/limits/sleep.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  EXIT_RUNTIME_FAILURE,
  type ExitCode,
  processIo,
} from './command-io.ts';
import { runGuarded } from './guarded.ts';
import { formatRunSummary, formatStatus } from './workflow-run-format.ts';
import { withWorkflowSession } from './workflow-session.ts';

interface ConfigOption {
  readonly config: string;
  readonly json?: boolean;
}

async function engineFor(options: ConfigOption, io: CommandIo) {
  const [{ loadConfig }, { openWorkflowEngine }, { createLogger }] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../app/workflows/open-session.ts'),
    import('../../core/logger.ts'),
  ]);
  const loaded = await loadConfig(options.config, io.env);
  const logger = createLogger();
  const session = await openWorkflowEngine(loaded, {
    clock: systemClock,
    logger,
    sleep: realSleep,
    env: io.env,
  });
  return { loaded, logger, session };
}

/** One workflow run now (no sync, no scoring): enroll, run due steps, deliver the outbox. */
export async function runWorkflowsNow(options: ConfigOption, io: CommandIo, trigger = 'cli') {
  const { session } = await engineFor(options, io);
  try {
    const summary = await session.engine.runOnce(trigger);
    io.stdout(options.json ? JSON.stringify(summary, null, 2) : formatRunSummary(summary));
    return summary;
  } finally {
    await session.close();
  }
}

async function watch(options: ConfigOption, io: CommandIo): Promise<number> {
  const { loaded, logger, session } = await engineFor(options, io);
  const { schedules } = loaded.config;
  const { startTicker } = await import('../../app/workflows/ticker.ts');
  if (schedules.workflows === undefined) {
    await session.close();
    io.stderr(
      `${loaded.displayFile}: schedules.workflows is not set; add e.g. "*/5 * * * *" to run workflows on a schedule`,
    );
    return EXIT_INVALID_INPUT;
  }
  io.stdout(`running workflows on "${schedules.workflows}" (${schedules.timezone}); Ctrl-C stops`);
  const ticker = await startTicker({
    cron: schedules.workflows,
    timezone: schedules.timezone,
    logger,
    run: async (trigger) => {
      const summary = await session.engine.runOnce(trigger);
      // One JSON line per run with --json, so a log collector reads each as it comes.
      io.stdout(options.json ? JSON.stringify(summary) : formatRunSummary(summary));
      return summary;
    },
  });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await ticker.stop();
  await session.close();
  return EXIT_OK;
}

export function registerWorkflows(program: Command, io: CommandIo = processIo): Command {
  const group = program.command('workflows').description('run workflows and see what they did');
  group
    .command('status')
    .description('enrollments, exits by reason, steps, outbox states, unknown sends and suppressions')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--json', 'print as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: ConfigOption & { json?: boolean }) => {
      await runGuarded(io, async () => {
        const { workflowStatus } = await import('../../app/workflows/workflow-status.ts');
        return withWorkflowSession(options.config, io, async (session): Promise<ExitCode> => {
          const status = workflowStatus(session.store.database);
          io.stdout(options.json ? JSON.stringify(status, null, 2) : formatStatus(status));
          return EXIT_OK;
        });
      });
    });
  group
    .command('run')
    .description(
      'one workflow run now; with --watch, run on schedules.workflows (catching up once after downtime)',
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--watch', 'keep running on the cron schedule')
    .option('--json', "print the run's summary as JSON (one line per run with --watch)")
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: ConfigOption & { watch?: boolean }) => {
      await runGuarded(io, async () => {
        if (options.watch) return (await watch(options, io)) as 0 | 2;
        await runWorkflowsNow(options, io);
        return EXIT_OK;
      });
    });
  program
    .command('retry')
    .description(
      'send failed or dead-lettered outbox rows again (unknown rows are never resent automatically)',
    )
    .argument('[ids...]', 'outbox row ids')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--dead-letter', 'every dead-lettered row')
    .option('--json', 'print the rows queued, the rows refused and the run that sent them as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (ids: string[], options: ConfigOption & { deadLetter?: boolean }) => {
      await runGuarded(io, async () => {
        const numbers = ids.map((id) => Number.parseInt(id, 10));
        if (numbers.some((n) => !Number.isInteger(n)) || (numbers.length === 0 && !options.deadLetter)) {
          io.stderr('give outbox row ids (see `scorebridge workflows status`) or --dead-letter');
          return EXIT_INVALID_INPUT;
        }
        const { session } = await engineFor(options, io);
        try {
          const result = session.engine.relay.retry(options.deadLetter ? 'dead_letter' : numbers);
          if (!options.json)
            io.stdout(
              `${result.retried.length} rows queued again${result.retried.length ? `: ${result.retried.join(', ')}` : ''}`,
            );
          for (const refused of result.refused) io.stderr(`row ${refused.id}: ${refused.reason}`);
          const summary = await session.engine.runOnce('retry');
          io.stdout(
            options.json
              ? JSON.stringify({ retried: result.retried, refused: result.refused, run: summary }, null, 2)
              : formatRunSummary(summary),
          );
          return result.refused.length > 0 ? EXIT_RUNTIME_FAILURE : EXIT_OK;
        } finally {
          await session.close();
        }
      });
    });
  return group;
}
