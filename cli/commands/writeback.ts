import type { Command } from 'commander';
import { formatTierChanges, formatWouldHold } from '../../app/safety/gate-text.ts';
import type { GateReport } from '../../app/safety/gates.ts';
import { formatTable } from '../../app/table.ts';
import type { WriteBackTally } from '../../app/writeback/run-writeback.ts';
import { type Clock, systemClock } from '../../core/clock.ts';
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
import { addWriteSafetyOptions, GATES_HELP, passesGate, type WriteSafetyFlags } from './write-safety.ts';

export interface WriteBackOptions extends WriteSafetyFlags {
  readonly config: string;
  readonly connector?: string[];
  /** Read each CRM's current values first and repair the ones edited there since we wrote them. */
  readonly full?: boolean;
  readonly json?: boolean;
}

export interface WriteBackRun {
  readonly tallies: readonly WriteBackTally[];
  /** Gate readings per connector (also for a dry run). */
  readonly gates: readonly GateReport[];
  /** Connectors not written because a gate held them. */
  readonly held: readonly string[];
  readonly dryRun: boolean;
}

export function exitCodeOf(run: WriteBackRun): ExitCode {
  if (run.held.length > 0) return EXIT_INVALID_INPUT;
  return run.tallies.some((t) => t.failed > 0) && !run.dryRun ? EXIT_RUNTIME_FAILURE : EXIT_OK;
}

/**
 * Writes current scores onto the CRM records they came from, connector by connector, each after its
 * safety gates; with dryRun, reports what each would write and writes nothing.
 */
export async function writeBackFromConfig(
  options: WriteBackOptions,
  io: CommandIo,
  deps: { readonly clock?: Clock } = {},
): Promise<WriteBackRun> {
  const [
    { loadConfig },
    { openRuntime },
    { runWriteBack },
    { writeBackModels, writeBackTargets },
    { createLogger },
    { destinations, gatedModels, openWriteGates },
  ] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../app/runtime.ts'),
    import('../../app/writeback/run-writeback.ts'),
    import('../../app/writeback/targets.ts'),
    import('../../core/logger.ts'),
    import('../../app/safety/write-gates.ts'),
  ]);
  const clock = deps.clock ?? systemClock;
  const loaded = await loadConfig(options.config, io.env);
  const logger = createLogger();
  const runtime = await openRuntime(loaded, clock, logger);
  const targets = writeBackTargets(loaded, options.connector, runtime.limits.crm, runtime.store.database);
  const dryRun = options.dryRun ?? false;
  const run = { tallies: [] as WriteBackTally[], gates: [] as GateReport[], held: [] as string[], dryRun };
  try {
    if (targets.length === 0) {
      (options.json ? io.stderr : io.stdout)(
        'No connector in the config can take scores (HubSpot and Salesforce can; files cannot).',
      );
      if (options.json) io.stdout(JSON.stringify(run, null, 2));
      return run;
    }
    const gates = openWriteGates(runtime.store, loaded, clock);
    const models = writeBackModels(loaded);
    const gated = gatedModels(
      loaded,
      models.map((model) => model.name),
    );
    for (const target of targets) {
      const destination = destinations.writeBack(target.name);
      const report = gates.check(destination, gated);
      run.gates.push(report);
      if (!dryRun && !passesGate(report, options, io)) {
        run.held.push(target.name);
        continue;
      }
      const tallies = await runWriteBack({
        store: runtime.store,
        targets: [target],
        models,
        tiers: loaded.config.scoring.tiers.map((band) => band.name),
        clock,
        logger,
        sleep: realSleep,
        verify: options.full ?? false,
        preview: dryRun,
      });
      run.tallies.push(...tallies);
      if (!dryRun) gates.written(destination, gated);
    }
    io.stdout(options.json ? JSON.stringify(run, null, 2) : formatWriteBack(run, options.full ?? false));
    return run;
  } finally {
    for (const target of targets) await target.destination.close?.();
    await runtime.close();
  }
}

export function formatTallies(tallies: readonly WriteBackTally[], dryRun = false, full = false): string {
  const headers = dryRun
    ? [
        'connector',
        'model',
        'records',
        'would write',
        ...(full ? ['would repair'] : []),
        'unchanged',
        'problems',
      ]
    : ['connector', 'model', 'records', 'written', ...(full ? ['repaired'] : []), 'unchanged', 'failed'];
  const table = formatTable(
    headers,
    tallies.map((t) => [
      t.connector,
      t.model,
      t.planned,
      t.written,
      ...(full ? [t.repaired] : []),
      t.unchanged,
      t.failed,
    ]),
  );
  const errors = tallies.flatMap((t) => t.errors.map((error) => `  ${t.connector} ${t.model}: ${error}`));
  return errors.length > 0
    ? `${table}\n\n${dryRun ? 'Records that could not be written' : 'Failed records'}:\n${errors.join('\n')}`
    : table;
}

function formatWriteBack(run: WriteBackRun, full: boolean): string {
  const parts: string[] = [];
  if (run.dryRun) {
    parts.push('Dry run: nothing was written to any CRM.');
    for (const report of run.gates)
      parts.push(`${report.destination.label}:\n${formatTierChanges(report)}\n${formatWouldHold(report)}`);
  }
  if (run.tallies.length > 0) parts.push(formatTallies(run.tallies, run.dryRun, full));
  if (full && !run.dryRun)
    parts.push(
      'repaired: records whose CRM value had been edited since scorebridge wrote it, written again (HubSpot read first with --full; Salesforce is always read first)',
    );
  return parts.join('\n\n');
}

export function registerWriteBack(program: Command, io: CommandIo = processIo): Command {
  const command = program
    .command('writeback')
    .description(
      'write current scores, tiers and reasons onto the CRM records they came from (only changed values)',
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--connector <name...>', 'only these connectors')
    .option(
      '--full',
      "read each CRM's current values first and repair the ones edited there since scorebridge wrote them",
    )
    .option('--json', 'print the gates and tallies as JSON');
  return addWriteSafetyOptions(command)
    .addHelpText('after', `${GATES_HELP}\n${EXIT_CODES_HELP}`)
    .action(async (options: WriteBackOptions) => {
      await runGuarded(io, async () => exitCodeOf(await writeBackFromConfig(options, io)));
    });
}
