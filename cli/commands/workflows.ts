import type { Command } from 'commander';
import type { GateReport } from '../../app/safety/gates.ts';
import type { WorkflowPreview } from '../../app/workflows/run-preview.ts';
import type { WorkflowRunSummary } from '../../app/workflows/workflow-engine.ts';
import { type Clock, systemClock } from '../../core/clock.ts';
import { realSleep } from '../../core/limits/sleep.ts';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
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
import { parsePartitionFlag } from './partition-flag.ts';
import { formatWorkflowPreview } from './workflow-preview-format.ts';
import { formatHeldRun, formatRunSummary, formatStatus } from './workflow-run-format.ts';
import { withWorkflowSession } from './workflow-session.ts';
import { addWriteSafetyOptions, GATES_HELP, passesGate, type WriteSafetyFlags } from './write-safety.ts';

interface ConfigOption {
  readonly config: string;
  readonly json?: boolean;
}

/** The modules a workflow command needs, loaded when it runs (so `--help` stays instant). */
async function workflowModules() {
  const [config, logger, session, engine, gates, gateText] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../core/logger.ts'),
    import('../../app/workflows/open-session.ts'),
    import('../../app/workflows/workflow-engine.ts'),
    import('../../app/safety/write-gates.ts'),
    import('../../app/safety/gate-text.ts'),
  ]);
  return { ...config, ...logger, ...session, ...engine, ...gates, ...gateText };
}

async function engineFor(options: ConfigOption, io: CommandIo) {
  const { loadConfig, createLogger, openWorkflowEngine } = await workflowModules();
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

export interface WorkflowRunOptions extends ConfigOption, WriteSafetyFlags {
  readonly json?: boolean;
  /** One partition of the entities (a job per partition); see WorkflowEngineDeps.partition. */
  readonly partition?: { readonly index: number; readonly count: number };
}

export interface GatedWorkflowRun {
  readonly gate: GateReport;
  /** The gate held the run: nothing was enrolled, sent or queued. */
  readonly held: boolean;
  readonly summary?: WorkflowRunSummary;
  readonly preview?: WorkflowPreview;
}

/** Which rows `retry` would queue again, read only. */
function retryPreview(db: SqlDatabase, target: readonly number[] | 'dead_letter') {
  const rows = (
    target === 'dead_letter'
      ? db.prepare("SELECT id, kind, state FROM outbox WHERE state = 'dead_letter' ORDER BY id").all()
      : target.map((id) => db.prepare('SELECT id, kind, state FROM outbox WHERE id = ?').get(id) ?? id)
  ) as Array<{ id: number; kind: string; state: string } | number>;
  const retried: Array<{ id: number; kind: string }> = [];
  const refused: Array<{ id: number; reason: string }> = [];
  for (const row of rows) {
    if (typeof row === 'number') refused.push({ id: row, reason: `no outbox row with id ${row}` });
    else if (row.state !== 'failed' && row.state !== 'dead_letter')
      refused.push({
        id: row.id,
        reason:
          row.state === 'unknown'
            ? `row is unknown (it may have happened); settle it with \`scorebridge outbox resolve ${row.id} --delivered\` or \`--resend\``
            : `row is ${row.state}; only failed or dead_letter rows are retried`,
      });
    else retried.push({ id: Number(row.id), kind: row.kind });
  }
  return { retried, refused };
}

/**
 * One workflow run now (no sync, no scoring) after its safety gates: enroll, run due steps, deliver
 * the outbox. With dryRun the same decisions are made in a rolled-back transaction and printed.
 */
export async function runWorkflowsNow(
  options: WorkflowRunOptions,
  io: CommandIo,
  trigger = 'cli',
  deps: { readonly clock?: Clock } = {},
): Promise<GatedWorkflowRun> {
  const {
    loadConfig,
    createLogger,
    openWorkflowSession,
    WorkflowEngine,
    openWriteGates,
    gatedModels,
    destinations,
    formatTierChanges,
    formatWouldHold,
  } = await workflowModules();
  const clock = deps.clock ?? systemClock;
  const loaded = await loadConfig(options.config, io.env);
  const logger = createLogger();
  const session = await openWorkflowSession(loaded, { clock, logger, sleep: realSleep, env: io.env });
  try {
    const gates = openWriteGates(session.store, loaded, clock);
    const models = gatedModels(loaded, session.setup.triggerModels);
    const gate = gates.check(destinations.workflows, models);
    const dryRun = options.dryRun ?? false;
    if (!dryRun && !passesGate(gate, options, io)) {
      if (options.json) io.stdout(JSON.stringify({ gate, held: true }, null, 2));
      return { gate, held: true };
    }
    const { openSharedLimits } = await import('../../app/shared-limits.ts');
    const limits = openSharedLimits(loaded.config.store, clock);
    const engine = new WorkflowEngine({
      loaded,
      store: session.store,
      setup: session.setup,
      clock,
      logger,
      sleep: realSleep,
      previewOnly: dryRun,
      ...(limits.crm ? { sharedLimits: limits.crm } : {}),
      ...(options.partition ? { partition: options.partition } : {}),
    });
    try {
      if (dryRun) {
        const preview = await engine.preview(trigger);
        io.stdout(
          options.json
            ? JSON.stringify({ gate, preview }, null, 2)
            : `${formatWorkflowPreview(preview)}\n\nTier changes since the last workflow run:\n${formatTierChanges(gate)}\n${formatWouldHold(gate)}`,
        );
        return { gate, held: false, preview };
      }
      const summary = await engine.runOnce(trigger);
      gates.written(destinations.workflows, models);
      io.stdout(options.json ? JSON.stringify({ gate, summary }, null, 2) : formatRunSummary(summary));
      return { gate, held: false, summary };
    } finally {
      await engine.close();
      await limits.close();
    }
  } finally {
    await session.close();
  }
}

async function watch(options: ConfigOption, io: CommandIo): Promise<number> {
  const { loaded, logger, session } = await engineFor(options, io);
  const [{ startTicker }, { gatedEngineRun }] = await Promise.all([
    import('../../app/workflows/ticker.ts'),
    import('../../app/safety/gated-engine-run.ts'),
  ]);
  const { schedules } = loaded.config;
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
      const run = await gatedEngineRun({ ...session, loaded, clock: systemClock, logger }, trigger);
      // One JSON line per run with --json, so a log collector reads each as it comes.
      if (options.json) io.stdout(JSON.stringify(run));
      else io.stdout(run.held ? formatHeldRun(run.tripped) : formatRunSummary(run.summary));
      return run;
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
  const runCommand = group
    .command('run')
    .description(
      'one workflow run now; with --watch, run on schedules.workflows (catching up once after downtime)',
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--watch', 'keep running on the cron schedule')
    .option(
      '--partition <index/count>',
      'only the entities of one slice (e.g. 0/4), so slices run at once on several workers',
      parsePartitionFlag,
    )
    .option('--json', 'print the gate and the run (or the dry run) as JSON (one line per run with --watch)');
  addWriteSafetyOptions(runCommand)
    .addHelpText('after', `${GATES_HELP}\n${EXIT_CODES_HELP}`)
    .action(async (options: WorkflowRunOptions & { watch?: boolean }) => {
      await runGuarded(io, async () => {
        if (options.watch) {
          if (options.dryRun) {
            io.stderr('--dry-run previews one run; it cannot be combined with --watch');
            return EXIT_INVALID_INPUT;
          }
          if (options.partition) {
            io.stderr(
              '--partition applies to one run; run one `workflows run --partition` per slice from your scheduler or job queue',
            );
            return EXIT_INVALID_INPUT;
          }
          return (await watch(options, io)) as 0 | 2;
        }
        const run = await runWorkflowsNow(options, io);
        return run.held ? EXIT_INVALID_INPUT : EXIT_OK;
      });
    });
  const retryCommand = program
    .command('retry')
    .description(
      'send failed or dead-lettered outbox rows again (unknown rows are never resent automatically)',
    )
    .argument('[ids...]', 'outbox row ids')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--dead-letter', 'every dead-lettered row')
    .option('--json', 'print the rows queued, the rows refused and the run that sent them as JSON');
  addWriteSafetyOptions(retryCommand)
    .addHelpText('after', `${GATES_HELP}\n${EXIT_CODES_HELP}`)
    .action(async (ids: string[], options: ConfigOption & WriteSafetyFlags & { deadLetter?: boolean }) => {
      await runGuarded(io, async () => {
        const numbers = ids.map((id) => Number.parseInt(id, 10));
        if (numbers.some((n) => !Number.isInteger(n)) || (numbers.length === 0 && !options.deadLetter)) {
          io.stderr('give outbox row ids (see `scorebridge workflows status`) or --dead-letter');
          return EXIT_INVALID_INPUT;
        }
        const target = options.deadLetter ? ('dead_letter' as const) : numbers;
        if (options.dryRun)
          return withWorkflowSession(options.config, io, async (session) => {
            const result = retryPreview(session.store.database, target);
            if (options.json) io.stdout(JSON.stringify({ dryRun: true, ...result }, null, 2));
            else
              io.stdout(
                `Dry run: nothing was changed or sent. ${result.retried.length} rows would be queued again${result.retried.length ? `: ${result.retried.map((r) => `${r.id} (${r.kind})`).join(', ')}` : ''}`,
              );
            for (const refused of result.refused) io.stderr(`row ${refused.id}: ${refused.reason}`);
            return result.refused.length > 0 ? EXIT_RUNTIME_FAILURE : EXIT_OK;
          });
        const { loaded, logger, session } = await engineFor(options, io);
        const { openWriteGates, gatedModels, destinations } = await workflowModules();
        try {
          const result = session.engine.relay.retry(target);
          if (!options.json)
            io.stdout(
              `${result.retried.length} rows queued again${result.retried.length ? `: ${result.retried.join(', ')}` : ''}`,
            );
          for (const refused of result.refused) io.stderr(`row ${refused.id}: ${refused.reason}`);
          // The run that delivers them also enrolls and runs due steps, so it passes the same gates.
          const gates = openWriteGates(session.store, loaded, systemClock);
          const models = gatedModels(loaded, session.setup.triggerModels);
          const gate = gates.check(destinations.workflows, models);
          if (!passesGate(gate, options, io)) {
            io.stderr('The rows stay queued; the next workflow run that passes the gates delivers them.');
            return EXIT_INVALID_INPUT;
          }
          const summary = await session.engine.runOnce('retry');
          gates.written(destinations.workflows, models);
          io.stdout(
            options.json
              ? JSON.stringify({ retried: result.retried, refused: result.refused, run: summary }, null, 2)
              : formatRunSummary(summary),
          );
          logger.info({ retried: result.retried.length }, 'retry finished');
          return result.refused.length > 0 ? EXIT_RUNTIME_FAILURE : EXIT_OK;
        } finally {
          await session.close();
        }
      });
    });
  return group;
}
