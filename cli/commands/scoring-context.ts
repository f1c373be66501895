import { InvalidArgumentError } from 'commander';
import type { Analytics, AnalyticsSettings } from '../../app/analytics.ts';
import type { LoadedConfig } from '../../app/config/index.ts';
import type { StoreLocation } from '../../app/store.ts';
import type { Clock } from '../../core/clock.ts';
import type { EntityType } from '../../core/schema/index.ts';
import type { SqliteCanonicalStore } from '../../core/store/sqlite/index.ts';
import type { ScoreBand } from '../../scoring/calibration/score-bands.ts';
import type { FeatureAdditions } from '../../scoring/features/feature-set.ts';
import { isoOf, parseCutoff } from '../../scoring/features/time.ts';
import type { ProgressCallback } from '../../scoring/models/binary-options.ts';
import type { ModelSpec } from '../../scoring/models/model-specs.ts';
import type { ModelRegistry } from '../../scoring/registry/model-registry.ts';

export const MODEL_CHOICES = ['lead', 'churn', 'ltv', 'nba', 'all'] as const;
export type ModelChoice = (typeof MODEL_CHOICES)[number];

/**
 * What the scoring commands need from the application; each has a default so the commands also
 * run stand-alone (`--store`, built-in model list, wall clock, progress bars on a terminal).
 */
export interface ScoringCommandDeps {
  readonly clock?: Clock;
  /** Models from the configuration's `scoring.models`. */
  readonly specs?: readonly ModelSpec[];
  /** Tier bands from the configuration's `scoring.tiers`. */
  readonly bands?: readonly ScoreBand[];
  /** Opens the store at `path` with the registry migrations. */
  readonly openStore?: (path: string, clock: Clock) => Promise<SqliteCanonicalStore>;
  /** Progress of long steps; default: bars when stderr is a terminal. */
  readonly progress?: ProgressCallback;
  /** Where and how the analytics replica runs (the config's store.analytics). */
  readonly analytics?: AnalyticsSettings;
  /** Features added to the built-in catalog (the config's scoring.features / scoring.events). */
  readonly features?: Partial<Record<EntityType, FeatureAdditions>>;
}

export interface ScoringSession {
  readonly store: SqliteCanonicalStore;
  /** The config the session was opened from (absent for a bare `--store` session). */
  readonly loaded?: LoadedConfig;
  /** The analytics replica, opened and refreshed on first use. */
  analytics(): Promise<Analytics>;
  readonly features: Partial<Record<EntityType, FeatureAdditions>>;
  readonly registry: ModelRegistry;
  readonly clock: Clock;
  readonly specs: readonly ModelSpec[];
  readonly bands: readonly ScoreBand[];
  readonly progress: ProgressCallback;
  close(): Promise<void>;
}

export function parseModelChoice(value: string): ModelChoice {
  if (!(MODEL_CHOICES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${MODEL_CHOICES.join(', ')}, got '${value}'`);
  }
  return value as ModelChoice;
}

export function parseAsOfOption(value: string): string {
  try {
    return isoOf(parseCutoff(value, '--as-of'));
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function kindsOf(choice: ModelChoice): ModelSpec['kind'][] | undefined {
  return choice === 'all' ? undefined : [choice];
}

export async function openScoringSession(
  location: StoreLocation,
  deps: ScoringCommandDeps,
): Promise<ScoringSession> {
  // The analytics replica is a local file next to the store path, whichever the store's type.
  const storePath = typeof location === 'string' ? location : location.path;
  // Loaded here, not at the top: registering a command (and `--help`) must not load the engine.
  const [
    { openAnalytics },
    { openProductStore },
    { systemClock },
    { DEFAULT_SCORE_BANDS },
    { DEFAULT_MODEL_SPECS },
    { ModelRegistry },
    { createProgressReporter },
  ] = await Promise.all([
    import('../../app/analytics.ts'),
    import('../../app/store.ts'),
    import('../../core/clock.ts'),
    import('../../scoring/calibration/score-bands.ts'),
    import('../../scoring/models/model-specs.ts'),
    import('../../scoring/registry/model-registry.ts'),
    import('../progress.ts'),
  ]);
  const clock = deps.clock ?? systemClock;
  const store = deps.openStore
    ? await deps.openStore(storePath, clock)
    : await openProductStore(location, clock);
  const reporter = deps.progress ? null : createProgressReporter();
  let analytics: Promise<Analytics> | null = null;
  return {
    store,
    analytics: () => {
      analytics ??= openAnalytics(store, storePath, deps.analytics);
      return analytics;
    },
    features: deps.features ?? {},
    registry: ModelRegistry.of(store, clock),
    clock,
    specs: deps.specs ?? DEFAULT_MODEL_SPECS,
    bands: deps.bands ?? DEFAULT_SCORE_BANDS,
    progress: deps.progress ?? ((task, done, total) => reporter?.update(task, done, total)),
    async close() {
      reporter?.stop();
      if (analytics) (await analytics.catch(() => null))?.close();
      await store.close();
    },
  };
}

/**
 * A session on the store and models the config names: store.path (or an explicit --store),
 * scoring.models and scoring.tiers. Dependencies passed in (tests) win over the config. A command
 * that already loaded the config passes it.
 */
export async function openConfiguredSession(
  options: { readonly config: string; readonly store?: string },
  deps: ScoringCommandDeps,
  env: Record<string, string | undefined>,
  preloaded?: LoadedConfig,
): Promise<ScoringSession> {
  const [{ loadConfig }, { featureAdditions }, { specsFromConfig }] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../app/config/scoring.ts'),
    import('../../scoring/models/model-specs.ts'),
  ]);
  const loaded = preloaded ?? (await loadConfig(options.config, env));
  const session = await openScoringSession(options.store ?? loaded.config.store, {
    ...deps,
    specs: deps.specs ?? specsFromConfig(loaded.config.scoring.models),
    bands: deps.bands ?? loaded.config.scoring.tiers,
    analytics: deps.analytics ?? loaded.config.store.analytics,
    features: deps.features ?? featureAdditions(loaded.config.scoring, loaded.featureOrigins),
  });
  return { ...session, loaded, close: session.close };
}
