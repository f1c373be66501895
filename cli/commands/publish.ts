import type { Command } from 'commander';
import { formatTable } from '../../app/table.ts';
import { systemClock } from '../../core/clock.ts';
import { type CommandIo, DEFAULT_CONFIG_FILE, EXIT_CODES_HELP, EXIT_OK, processIo } from './command-io.ts';
import { runGuarded } from './guarded.ts';

interface PublishOptions {
  readonly config: string;
  readonly connector?: string[];
  readonly json?: boolean;
}

/** Publishes current scores to every warehouse connector (BigQuery, Snowflake); prints what each did. */
export async function publishFromConfig(options: PublishOptions, io: CommandIo): Promise<void> {
  const [{ loadConfig }, { openProductStore }, { publishScores, warehouseConnectors }] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../app/store.ts'),
    import('../../app/warehouse/publish-scores.ts'),
  ]);
  const loaded = await loadConfig(options.config, io.env);
  if (warehouseConnectors(loaded, options.connector).length === 0) {
    (options.json ? io.stderr : io.stdout)(
      'No warehouse connector in the config (BigQuery and Snowflake can take score tables).',
    );
    if (options.json) io.stdout('[]');
    return;
  }
  const store = await openProductStore(loaded.config.store.path, systemClock, loaded.config.identity);
  try {
    const tallies = await publishScores(loaded, store, options.connector);
    if (options.json) {
      io.stdout(JSON.stringify(tallies, null, 2));
      return;
    }
    io.stdout(
      formatTable(
        ['connector', 'rows', 'merged', 'requests', 'created'],
        tallies.map((t) => [t.connector, t.rows, t.merged, t.requests, t.created.join(', ') || '-']),
      ),
    );
  } finally {
    await store.close();
  }
}

export function registerPublish(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('publish')
    .description('publish current scores as warehouse tables (current, history, latest view) with one MERGE')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--connector <name...>', 'only these connectors')
    .option('--json', 'print what was published per connector as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: PublishOptions) => {
      await runGuarded(io, async () => {
        await publishFromConfig(options, io);
        return EXIT_OK;
      });
    });
}
