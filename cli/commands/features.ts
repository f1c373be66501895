import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { formatWouldHold } from '../../app/safety/gate-text.ts';
import { formatTable } from '../../app/table.ts';
import type { InWarehouseTally, WarehouseContext } from '../../app/warehouse/in-warehouse-scoring.ts';
import { isoOf } from '../../scoring/features/time.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  processIo,
} from './command-io.ts';
import { asOfWords, resolveAsOf } from './default-as-of.ts';
import { registerFeaturesDiscover } from './features-discover.ts';
import { runGuarded } from './guarded.ts';
import {
  type ModelChoice,
  openConfiguredSession,
  parseAsOfOption,
  type ScoringCommandDeps,
  type ScoringSession,
} from './scoring-context.ts';
import { passesGate, type WriteSafetyFlags } from './write-safety.ts';

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
  const { loadConfig } = await import('../../app/config/index.ts');
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
      ['connector', 'model', 'version', 'features from', 'exported', 'scored', 'SQL KB', 'requests'],
      tallies.map((t) => [
        t.connector,
        t.model,
        `v${t.version}`,
        t.table,
        t.exported ?? '-',
        t.dryRun ? 'not run (dry run)' : t.rows,
        t.statementBytes === null ? '-' : Math.ceil(t.statementBytes / 1024),
        t.requests,
      ]),
    ),
  );
}

/**
 * `scorebridge score --in-warehouse`: the warehouse computes the population, the features and the
 * scores in one statement per model; no row leaves it (the local store only provides the models).
 */
export async function runScoreInWarehouse(
  options: WarehouseCliOptions & WriteSafetyFlags & { readonly model: ModelChoice },
  deps: ScoringCommandDeps,
  io: CommandIo,
): Promise<void> {
  await runGuarded(io, async () => {
    let held = 0;
    await withWarehouse(options, deps, io, async (session, context) => {
      const [{ runInWarehouseScoring }, { destinations, gatedModels, openWriteGates }] = await Promise.all([
        import('../../app/warehouse/in-warehouse-scoring.ts'),
        import('../../app/safety/write-gates.ts'),
      ]);
      const now = isoOf(session.clock.now().getTime());
      const resolved = resolveAsOf(options.asOf, session.store, session.clock);
      const dryRun = options.dryRun ?? false;
      if (!options.json)
        io.stdout(
          `${dryRun ? 'dry run: compiling, running nothing in the warehouse, ' : 'scoring in the warehouse '}${asOfWords(resolved)}`,
        );
      const models =
        options.model === 'all'
          ? undefined
          : session.specs.filter((s) => s.kind === options.model).map((s) => s.name);
      // The same gates as publish: the models were trained and last scored on the local store, and a
      // drift alert or stale data there says as much about the scores the warehouse would compute.
      const gates = session.loaded ? openWriteGates(session.store, session.loaded, session.clock) : null;
      const gated = (names: readonly string[]) => (session.loaded ? gatedModels(session.loaded, names) : []);
      const tallies = await runInWarehouseScoring(context, {
        asOf: resolved.asOf,
        scoredAt: now,
        dryRun,
        ...(options.connector ? { connectors: [options.connector] } : {}),
        ...(models ? { models } : {}),
        mayWrite: (connector, names) => {
          if (!gates) return true;
          const report = gates.check(destinations.inWarehouse(connector), gated(names));
          if (dryRun) {
            if (report.tripped.length > 0) io.stderr(formatWouldHold(report));
            return true;
          }
          if (passesGate(report, options, io)) return true;
          held += 1;
          return false;
        },
        written: (connector, names) => {
          if (!dryRun) gates?.written(destinations.inWarehouse(connector), gated(names));
        },
      });
      printTallies(io, tallies, options.json);
    });
    return held > 0 ? EXIT_INVALID_INPUT : EXIT_OK;
  });
}

interface FeaturesCliOptions extends WarehouseCliOptions {
  readonly export?: boolean;
  readonly ddl?: boolean;
  readonly dbt?: string;
  readonly model?: string;
}

const FEATURES_USAGE =
  'error: use `features --dbt DIR --connector NAME`, `features --export --connector NAME [--as-of DATE]` or `features --ddl --connector NAME --model NAME`';

export async function runFeatures(
  options: FeaturesCliOptions,
  deps: ScoringCommandDeps,
  io: CommandIo,
): Promise<void> {
  await runGuarded(io, async () => {
    const modes = [options.export, options.ddl, options.dbt !== undefined].filter(Boolean).length;
    if (modes !== 1 || !options.connector || (options.ddl && !options.model)) {
      io.stderr(FEATURES_USAGE);
      return EXIT_INVALID_INPUT;
    }
    const connector = options.connector;
    const [warehouse, { AS_OF_VAR, DBT_MODELS_DIR }, { featureSetFor }] = await Promise.all([
      import('../../app/warehouse/in-warehouse-scoring.ts'),
      import('../../app/warehouse/dbt-project.ts'),
      import('../../scoring/features/feature-set.ts'),
    ]);
    const { dbtProjectFor, exportFeatureTables, featureTableDdlFor } = warehouse;
    await withWarehouse(options, deps, io, async (session, context) => {
      if (options.dbt !== undefined) {
        const featureSets = {
          contact: featureSetFor('contact', session.features.contact),
          account: featureSetFor('account', session.features.account),
        };
        const files = await dbtProjectFor(context, connector, featureSets);
        for (const file of files) {
          const target = path.join(options.dbt, file.path);
          mkdirSync(path.dirname(target), { recursive: true });
          writeFileSync(target, file.content);
        }
        if (options.json)
          io.stdout(
            JSON.stringify(
              files.map((file) => file.path),
              null,
              2,
            ),
          );
        else
          io.stdout(
            `wrote ${files.length} files to ${path.join(options.dbt, DBT_MODELS_DIR)}:\n${files.map((file) => `  ${path.basename(file.path)}`).join('\n')}\n` +
              `run them with: dbt run --select scorebridge --vars '{${AS_OF_VAR}: "YYYY-MM-DD"}'`,
          );
        return;
      }
      if (options.ddl) {
        io.stdout(await featureTableDdlFor(context, connector, options.model!));
        return;
      }
      const tallies = await exportFeatureTables((await session.analytics()).features, context, {
        asOf: resolveAsOf(options.asOf, session.store, session.clock).asOf,
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
      'discover features in the store; write the warehouse SQL as a dbt folder; export feature rows or print their DDL',
    )
    .option(
      '--dbt <dir>',
      'write models/scorebridge/ under DIR: the canonical relations over the connector tables, features_contact/features_account and a scores model per promoted lead/churn model',
    )
    .option(
      '--export',
      'compute features on the embedded engine and (re)load scorebridge_features_<model> tables (score --in-warehouse no longer needs this)',
    )
    .option('--ddl', 'print CREATE TABLE for the model feature table (needs --model)')
    .option('--connector <name>', 'BigQuery or Snowflake connector from the config')
    .option('--model <name>', 'model name from scoring.models (default: every promoted lead/churn model)')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--store <path>', 'SQLite store file (default: store.path from the config)')
    .option(
      '--as-of <date>',
      'compute features from data before this date (ISO); default: the end of the latest complete day of data in the store',
      parseAsOfOption,
    )
    .option('--json', 'print the results as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: FeaturesCliOptions) => runFeatures(options, deps, io));
  registerFeaturesDiscover(features, deps, io);
}
