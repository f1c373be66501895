import type { Command } from 'commander';
import { formatTable } from '../../app/table.ts';
import type { WriteBackTally } from '../../app/writeback/run-writeback.ts';
import { systemClock } from '../../core/clock.ts';
import { realSleep } from '../../core/limits/sleep.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_OK,
  EXIT_RUNTIME_FAILURE,
  processIo,
} from './command-io.ts';
import { runGuarded } from './guarded.ts';

interface WriteBackOptions {
  readonly config: string;
  readonly connector?: string[];
  readonly json?: boolean;
}

export async function writeBackFromConfig(
  options: WriteBackOptions,
  io: CommandIo,
): Promise<WriteBackTally[]> {
  const [
    { loadConfig },
    { openRuntime },
    { runWriteBack },
    { writeBackModels, writeBackTargets },
    { createLogger },
  ] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../app/runtime.ts'),
    import('../../app/writeback/run-writeback.ts'),
    import('../../app/writeback/targets.ts'),
    import('../../core/logger.ts'),
  ]);
  const loaded = await loadConfig(options.config, io.env);
  const logger = createLogger();
  const runtime = await openRuntime(loaded, systemClock, logger);
  const targets = writeBackTargets(loaded, options.connector);
  try {
    if (targets.length === 0) {
      (options.json ? io.stderr : io.stdout)(
        'No connector in the config can take scores (HubSpot and Salesforce can; files cannot).',
      );
      if (options.json) io.stdout('[]');
      return [];
    }
    const tallies = await runWriteBack({
      store: runtime.store,
      targets,
      models: writeBackModels(loaded),
      tiers: loaded.config.scoring.tiers.map((band) => band.name),
      clock: systemClock,
      logger,
      sleep: realSleep,
    });
    io.stdout(options.json ? JSON.stringify(tallies, null, 2) : formatTallies(tallies));
    return tallies;
  } finally {
    for (const target of targets) await target.destination.close?.();
    await runtime.close();
  }
}

export function formatTallies(tallies: readonly WriteBackTally[]): string {
  const table = formatTable(
    ['connector', 'model', 'records', 'written', 'unchanged', 'failed'],
    tallies.map((t) => [t.connector, t.model, t.planned, t.written, t.unchanged, t.failed]),
  );
  const errors = tallies.flatMap((t) => t.errors.map((error) => `  ${t.connector} ${t.model}: ${error}`));
  return errors.length > 0 ? `${table}\n\nFailed records:\n${errors.join('\n')}` : table;
}

export function registerWriteBack(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('writeback')
    .description(
      'write current scores, tiers and reasons onto the CRM records they came from (only changed values)',
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--connector <name...>', 'only these connectors')
    .option('--json', 'print what was written per connector and model as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: WriteBackOptions) => {
      await runGuarded(io, async () => {
        const tallies = await writeBackFromConfig(options, io);
        return tallies.some((t) => t.failed > 0) ? EXIT_RUNTIME_FAILURE : EXIT_OK;
      });
    });
}
