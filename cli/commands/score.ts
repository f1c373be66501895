import type { Command } from 'commander';
import { formatTable } from '../../app/table.ts';
import type { EntityType } from '../../core/schema/index.ts';
import type { DuckDbEngine } from '../../core/store/analytics/duckdb-engine.ts';
import type { ScoredModel } from '../../core/store/analytics/replica-changes.ts';
import { isoOf } from '../../scoring/features/time.ts';
import type { ModelSpec } from '../../scoring/models/model-specs.ts';
import type { ModelRegistry } from '../../scoring/registry/model-registry.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  processIo,
} from './command-io.ts';
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
import { formatModelSections } from './summary-format.ts';
import { DRIFT_NOTE } from './summary-words.ts';
import { GATES_HELP } from './write-safety.ts';

export interface ScoreCliOptions {
  readonly model: ModelChoice;
  readonly config: string;
  readonly store?: string;
  readonly asOf?: string;
  readonly json?: boolean;
  /** Score inside the warehouse connectors (lead and churn models) instead of in process. */
  readonly inWarehouse?: boolean;
  readonly connector?: string;
  /** With inWarehouse: compile and check, run nothing in the warehouse. */
  readonly dryRun?: boolean;
  /** With inWarehouse: go ahead although a safety gate would hold. */
  readonly force?: boolean;
  /** Only people and companies whose data changed since the last scoring run. */
  readonly changed?: boolean;
  /** false: the table alone, without the models in words (`run` prints them in its summary). */
  readonly words?: boolean;
}

/** Enabled models' promoted versions, as scoring marks them done. */
function promotedVersions(
  registry: ModelRegistry,
  specs: readonly ModelSpec[],
  kinds: readonly ModelSpec['kind'][] | undefined,
): ScoredModel[] {
  return specs
    .filter((spec) => spec.enabled && (!kinds || kinds.includes(spec.kind)))
    .flatMap((spec) => {
      const record = registry.promoted(spec.name);
      return record ? [{ model: spec.name, version: String(record.version) }] : [];
    });
}

/**
 * What `--changed` re-scores: the people and companies whose events, record or deals changed since
 * every promoted model last scored; everything when one of them never did.
 */
async function changedScope(
  engine: DuckDbEngine,
  models: readonly ScoredModel[],
): Promise<{ only?: Record<EntityType, string>; note: string }> {
  const { changedEntities, scoredThrough } = await import('../../core/store/analytics/replica-changes.ts');
  const since = await scoredThrough(engine, models);
  if (since === null)
    return {
      note: 'score --changed: not every promoted model has scored everything yet, so everything is scored now',
    };
  const counts = await changedEntities(engine, since);
  return {
    only: { contact: 'sb_changed_contact', account: 'sb_changed_account' },
    note:
      `score --changed: ${counts.contacts.toLocaleString('en-US')} people and ${counts.accounts.toLocaleString('en-US')} companies changed since the last run; ` +
      'the others keep their scores (run a full `score` daily: time alone moves recency and window features)',
  };
}

/** Scores every entity with each promoted model and writes the scores (history is kept). */
export async function runScore(
  options: ScoreCliOptions,
  deps: ScoringCommandDeps,
  io: CommandIo,
): Promise<void> {
  if (options.inWarehouse) return (await import('./features.ts')).runScoreInWarehouse(options, deps, io);
  if (options.dryRun || options.force) {
    io.stderr(
      '--dry-run and --force apply to `score --in-warehouse`. `score` itself writes only the local store; preview what leaves it with `writeback --dry-run`, `publish --dry-run` or `workflows run --dry-run`.',
    );
    io.setExitCode(EXIT_INVALID_INPUT);
    return;
  }
  await runGuarded(io, async () => {
    const [{ lastRefreshId, markScored }, { scoreAll }] = await Promise.all([
      import('../../core/store/analytics/replica-changes.ts'),
      import('../../scoring/batch/score-all.ts'),
    ]);
    const session = await openConfiguredSession(options, deps, io.env);
    try {
      const now = isoOf(session.clock.now().getTime());
      const resolved = resolveAsOf(options.asOf, session.store, session.clock);
      const asOf = resolved.asOf;
      const kinds = kindsOf(options.model);
      const analytics = await session.analytics();
      const through = await lastRefreshId(analytics.engine);
      const scoredModels = promotedVersions(session.registry, session.specs, kinds);
      const scope = options.changed ? await changedScope(analytics.engine, scoredModels) : null;
      if (scope?.note) io.stderr(`${scope.note}\n`);
      const results = await scoreAll(session.store, session.registry, analytics.features, {
        asOf,
        computedAt: now,
        specs: session.specs,
        ...(kinds ? { kinds } : {}),
        bands: session.bands,
        onProgress: session.progress,
        ...(scope?.only ? { only: scope.only } : {}),
      });
      await markScored(analytics.engine, scoredModels, through);
      if (options.json) {
        io.stdout(
          JSON.stringify(
            {
              asOf,
              asOfReason: resolved.reason,
              changedOnly: scope?.only !== undefined,
              models: results.map(({ spec, ...rest }) => ({ name: spec.name, kind: spec.kind, ...rest })),
            },
            null,
            2,
          ),
        );
        return EXIT_OK;
      }
      io.stdout(`scored ${asOfWords(resolved)}\n`);
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
      io.stdout(`\n${DRIFT_NOTE}`);
      if (options.words === false) return EXIT_OK;
      // The same models in words: tiers, the top five by name with their reason, quality and drift.
      const { collectRunSummary } = await import('../../app/summary/run-summary.ts');
      const scored = new Set(results.map((r) => r.spec.name));
      const { models } = await collectRunSummary({
        store: session.store,
        registry: session.registry,
        specs: session.specs.filter((spec) => scored.has(spec.name)),
      });
      io.stdout(`\n${formatModelSections(models)}`);
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
      'score contacts and accounts with the promoted models and save the scores with their reasons',
    )
    .option('--model <kind>', 'lead, churn, ltv, nba or all', parseModelChoice, 'all')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--store <path>', 'SQLite store file (default: store.path from the config)')
    .option(
      '--as-of <date>',
      'compute features from data before this instant (ISO); default: the end of the latest complete day of data in the store',
      parseAsOfOption,
    )
    .option('--json', 'print the results as JSON')
    .option(
      '--in-warehouse',
      'score lead and churn models inside BigQuery/Snowflake: one SQL statement per model computes the population, features and scores from the connector tables (or inWarehouse.relations / featureTables); LTV and NBA stay in process',
    )
    .option('--connector <name>', 'with --in-warehouse: only this warehouse connector')
    .option(
      '--dry-run',
      'with --in-warehouse: compile every statement and check the tables it reads, run nothing there (`score` alone writes only the local store)',
    )
    .option('--force', 'with --in-warehouse: score even when a safety gate would hold it')
    .option(
      '--changed',
      'only re-score people and companies whose events, record or deals changed since the last scoring run',
    )
    .addHelpText('after', `${GATES_HELP}\n${EXIT_CODES_HELP}`)
    .action(async (options: ScoreCliOptions) => runScore(options, deps, processIo));
}
