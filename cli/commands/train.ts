import type { Command } from 'commander';
import { formatTable } from '../../app/table.ts';
import { type CommandIo, DEFAULT_CONFIG_FILE, EXIT_CODES_HELP, EXIT_OK, processIo } from './command-io.ts';
import { asOfWords, resolveAsOf } from './default-as-of.ts';
import { runGuarded } from './guarded.ts';
import {
  kindsOf,
  type ModelChoice,
  openConfiguredSession,
  parseAsOfOption,
  parseModelChoice,
  type ScoringCommandDeps,
} from './scoring-context.ts';
import { QUALITY_NOTE } from './summary-words.ts';

export interface TrainCliOptions {
  readonly model: ModelChoice;
  readonly config: string;
  readonly store?: string;
  readonly asOf?: string;
  readonly seed?: number;
  readonly json?: boolean;
}

/** Trains the chosen models as of a date, registers them and promotes those not worse than their champion. */
export async function runTrain(
  options: TrainCliOptions,
  deps: ScoringCommandDeps,
  io: CommandIo,
): Promise<void> {
  await runGuarded(io, async () => {
    const [{ storeEventNames }, { unknownFeatureEvents }, { ConfigError }, { trainAll }] = await Promise.all([
      import('../../app/analytics.ts'),
      import('../../app/config/feature-events.ts'),
      import('../../core/config/index.ts'),
      import('../../scoring/models/train-all.ts'),
    ]);
    const session = await openConfiguredSession(options, deps, io.env);
    try {
      const resolved = resolveAsOf(options.asOf, session.store, session.clock);
      const asOf = resolved.asOf;
      const kinds = kindsOf(options.model);
      const analytics = await session.analytics();
      if (session.loaded) {
        // A feature reading an event the store never saw would train on zeros: say so, located.
        const issues = unknownFeatureEvents(session.loaded, await storeEventNames(analytics));
        if (issues.length > 0) throw new ConfigError(issues);
      }
      const results = await trainAll(analytics.features, session.registry, {
        features: session.features,
        asOf,
        specs: session.specs,
        ...(kinds ? { kinds } : {}),
        bands: [...session.bands],
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        onProgress: session.progress,
      });
      if (options.json) {
        io.stdout(
          JSON.stringify(
            { asOf, asOfReason: resolved.reason, models: results },
            (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
            2,
          ),
        );
        return EXIT_OK;
      }
      io.stdout(`trained ${asOfWords(resolved)}\n`);
      io.stdout(
        formatTable(
          ['model', 'version', 'status', 'quality'],
          results.map((r) => [r.spec.name, `v${r.version}`, r.status, r.summary]),
        ),
      );
      for (const r of results) io.stdout(`${r.spec.name} v${r.version}: ${r.decision.reason}`);
      io.stdout(`\n${QUALITY_NOTE}`);
      return EXIT_OK;
    } finally {
      await session.close();
    }
  });
}

export function registerTrain(program: Command, deps: ScoringCommandDeps = {}): void {
  program
    .command('train')
    .description('train lead, churn, lifetime-value and next-best-action models on the store, as of a date')
    .option('--model <kind>', 'lead, churn, ltv, nba or all', parseModelChoice, 'all')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--store <path>', 'SQLite store file (default: store.path from the config)')
    .option(
      '--as-of <date>',
      'train as of this date (ISO, e.g. 2026-11-01); default: the end of the latest complete day of data in the store',
      parseAsOfOption,
    )
    .option('--seed <n>', 'random seed of the learners', (v) => Number.parseInt(v, 10))
    .option('--json', 'print the results as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: TrainCliOptions) => runTrain(options, deps, processIo));
}
