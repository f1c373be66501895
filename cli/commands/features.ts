import type { Command } from 'commander';
import { loadConfig } from '../../app/config/index.ts';
import { formatTable } from '../../app/table.ts';
import {
  exportFeatureTables,
  featureTableDdlFor,
  type InWarehouseTally,
  runInWarehouseScoring,
  type WarehouseContext,
} from '../../app/warehouse/in-warehouse-scoring.ts';
import { isoOf } from '../../scoring/features/time.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  processIo,
} from './command-io.ts';
import { registerFeaturesDiscover } from './features-discover.ts';
import { runGuarded } from './guarded.ts';
import {
  type ModelChoice,
  openConfiguredSession,
  parseAsOfOption,
  type ScoringCommandDeps,
  type ScoringSession,
} from './scoring-context.ts';

interface WarehouseCliOptions {
  readonly config: string;
  readonly store?: string;
  readonly asOf?: string;
  readonly connector?: string;
  readonly json?: boolean;
}

async function withWarehouse(
  options: WarehouseCliOptions,
  deps: ScoringCommandDeps,
  io: CommandIo,
  body: (session: ScoringSession, context: WarehouseContext) => Promise<void>,
): Promise<void> {
  const loaded = await loadConfig(options.config, io.env);
  const session = await openConfiguredSession(options, deps, io.env);
  try {
    await body(session, {
      connectors: loaded.config.connectors,
      registry: session.registry,
      specs: session.specs,
    });
  } finally {
    await session.close();
  }
}

function printTallies(io: CommandIo, tallies: readonly InWarehouseTally[], json: boolean | undefined): void {
  if (json) {
    io.stdout(JSON.stringify(tallies, null, 2));
    return;
  }
  if (tallies.length === 0) {
    io.stdout('No promoted lead or churn model: run `scorebridge train` first.');
    return;
  }
  io.stdout(
    formatTable(
      ['connector', 'model', 'version', 'feature table', 'exported', 'scored', 'requests'],
      tallies.map((t) => [
        t.connector,
        t.model,
        `v${t.version}`,
        t.table,
        t.exported ?? '-',
        t.rows,
        t.requests,
      ]),
    ),
  );
}

/** `scorebridge score --in-warehouse`: the warehouse computes the scores, which never leave it. */
export async function runScoreInWarehouse(
  options: WarehouseCliOptions & { readonly model: ModelChoice },
  deps: ScoringCommandDeps,
  io: CommandIo,
): Promise<void> {
  await runGuarded(io, async () => {
    await withWarehouse(options, deps, io, async (session, context) => {
      const now = isoOf(session.clock.now().getTime());
      const models =
        options.model === 'all'
          ? undefined
          : session.specs.filter((s) => s.kind === options.model).map((s) => s.name);
      const tallies = await runInWarehouseScoring((await session.analytics()).features, context, {
        asOf: options.asOf ?? now,
        scoredAt: now,
        ...(options.connector ? { connectors: [options.connector] } : {}),
        ...(models ? { models } : {}),
      });
      printTallies(io, tallies, options.json);
    });
    return EXIT_OK;
  });
}

interface FeaturesCliOptions extends WarehouseCliOptions {
  readonly export?: boolean;
  readonly ddl?: boolean;
  readonly model?: string;
}

export async function runFeatures(
  options: FeaturesCliOptions,
  deps: ScoringCommandDeps,
  io: CommandIo,
): Promise<void> {
  await runGuarded(io, async () => {
    if (options.export === options.ddl || !options.connector || (options.ddl && !options.model)) {
      io.stderr(
        'error: use `features --export --connector NAME [--as-of DATE]` or `features --ddl --connector NAME --model NAME`',
      );
      return EXIT_INVALID_INPUT;
    }
    const connector = options.connector;
    await withWarehouse(options, deps, io, async (session, context) => {
      if (options.ddl) {
        io.stdout(await featureTableDdlFor(context, connector, options.model!));
        return;
      }
      const tallies = await exportFeatureTables((await session.analytics()).features, context, {
        asOf: options.asOf ?? isoOf(session.clock.now().getTime()),
        connectors: [connector],
        ...(options.model ? { models: [options.model] } : {}),
      });
      printTallies(io, tallies, options.json);
    });
    return EXIT_OK;
  });
}

export function registerFeatures(
  program: Command,
  deps: ScoringCommandDeps = {},
  io: CommandIo = processIo,
): void {
  const features = program
    .command('features')
    .description(
      "Discover features in the store (`features discover`); export lead/churn models' feature rows to a warehouse, or print the feature table DDL a data team's job fills",
    )
    .option('--export', 'compute features in process and (re)load scorebridge_features_<model> tables')
    .option('--ddl', 'print CREATE TABLE for the model feature table (needs --model)')
    .option('--connector <name>', 'BigQuery or Snowflake connector from the config')
    .option('--model <name>', 'model name from scoring.models (default: every promoted lead/churn model)')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--store <path>', 'SQLite store file (default: store.path from the config)')
    .option(
      '--as-of <date>',
      'compute features from data before this date (ISO); default now',
      parseAsOfOption,
    )
    .option('--json', 'print the results as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: FeaturesCliOptions) => runFeatures(options, deps, io));
  registerFeaturesDiscover(features, deps, io);
}
