import type { Command } from 'commander';
import { formatTable } from '../../app/table.ts';
import { scoreAll } from '../../scoring/batch/score-all.ts';
import { isoOf } from '../../scoring/features/time.ts';
import { type CommandIo, DEFAULT_CONFIG_FILE, EXIT_CODES_HELP, EXIT_OK, processIo } from './command-io.ts';
import { runScoreInWarehouse } from './features.ts';
import { runGuarded } from './guarded.ts';
import {
  kindsOf,
  type ModelChoice,
  openConfiguredSession,
  parseAsOfOption,
  parseModelChoice,
  type ScoringCommandDeps,
} from './scoring-context.ts';

export interface ScoreCliOptions {
  readonly model: ModelChoice;
  readonly config: string;
  readonly store?: string;
  readonly asOf?: string;
  readonly json?: boolean;
  /** Score inside the warehouse connectors (lead and churn models) instead of in process. */
  readonly inWarehouse?: boolean;
  readonly connector?: string;
}

/** Scores every entity with each promoted model and writes the scores (history is kept). */
export async function runScore(
  options: ScoreCliOptions,
  deps: ScoringCommandDeps,
  io: CommandIo,
): Promise<void> {
  if (options.inWarehouse) return runScoreInWarehouse(options, deps, io);
  await runGuarded(io, async () => {
    const session = await openConfiguredSession(options, deps, io.env);
    try {
      const now = isoOf(session.clock.now().getTime());
      const asOf = options.asOf ?? now;
      const kinds = kindsOf(options.model);
      const analytics = await session.analytics();
      const results = await scoreAll(session.store, session.registry, analytics.features, {
        asOf,
        computedAt: now,
        specs: session.specs,
        ...(kinds ? { kinds } : {}),
        bands: session.bands,
        onProgress: session.progress,
      });
      if (options.json) {
        io.stdout(
          JSON.stringify(
            {
              asOf,
              models: results.map(({ spec, ...rest }) => ({ name: spec.name, kind: spec.kind, ...rest })),
            },
            null,
            2,
          ),
        );
        return EXIT_OK;
      }
      io.stdout(`scored as of ${asOf}\n`);
      io.stdout(
        formatTable(
          ['model', 'version', 'scored', 'seconds', 'summary'],
          results.map((r) => [
            r.spec.name,
            r.version === null ? '-' : `v${r.version}`,
            r.scored,
            Number(r.seconds.toFixed(1)),
            r.summary,
          ]),
        ),
      );
      return EXIT_OK;
    } finally {
      await session.close();
    }
  });
}

export function registerScore(program: Command, deps: ScoringCommandDeps = {}): void {
  program
    .command('score')
    .description(
      'Score contacts and accounts with the promoted models and save the scores with their reasons',
    )
    .option('--model <kind>', 'lead, churn, ltv, nba or all', parseModelChoice, 'all')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--store <path>', 'SQLite store file (default: store.path from the config)')
    .option(
      '--as-of <date>',
      'compute features from data before this date (ISO); default now',
      parseAsOfOption,
    )
    .option('--json', 'print the results as JSON')
    .option(
      '--in-warehouse',
      'score lead and churn models inside BigQuery/Snowflake: one SQL statement per model computes the population, features and scores from the connector tables (or inWarehouse.relations / featureTables); LTV and NBA stay in process',
    )
    .option('--connector <name>', 'with --in-warehouse: only this warehouse connector')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: ScoreCliOptions) => runScore(options, deps, processIo));
}
