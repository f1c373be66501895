import { availableParallelism } from 'node:os';
import type { EntityType, Score, Tier } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import { featureSetOf } from '../features/feature-set.ts';
import { mergePlans } from '../features/plan/merge.ts';
import { type FeatureEngine, featureBatches } from '../features/rows/feature-engine.ts';
import { targetsSql } from '../features/sql/populations.ts';
import { purchaseHistory } from '../features/sql/purchase-history.ts';
import { isoOf, parseCutoff } from '../features/time.ts';
import { parseBinaryArtifact, parseTierBands } from '../models/binary-artifact.ts';
import type { ProgressCallback } from '../models/binary-options.ts';
import { mrrFeatureSet, purchaseNames } from '../models/ltv-facts.ts';
import { type ModelSpec, promotedBinary, trainingOrder } from '../models/model-specs.ts';
import { nbaFeatureSet, parseNbaArtifact } from '../models/nba-policy.ts';
import type { ModelRegistry } from '../registry/model-registry.ts';
import type { RunTiering } from '../tiers/index.ts';
import { BinaryBatchScorer } from './binary-batch.ts';
import {
  indices,
  type PassContext,
  type PassModel,
  type PassOptions,
  passModel,
  type Ready,
} from './pass-models.ts';
import { type PassTiers, passTiersFor } from './pass-tiers.ts';

export interface ScoreAllOptions {
  readonly asOf: string | Date;
  readonly specs: readonly ModelSpec[];
  readonly kinds?: readonly ModelSpec['kind'][];
  readonly bands?: unknown;
  readonly computedAt?: string;
  readonly onProgress?: ProgressCallback;
  /**
   * Re-score only these entities (tables with an `entity_id` column in the analytics engine), as
   * `score --changed` decides them; the others keep their scores.
   */
  readonly only?: Partial<Record<EntityType, string>>;
  /**
   * Worker threads for TreeSHAP reasons. Default: one per core once a population reaches
   * 20,000 (below that, starting threads costs more than it saves); 1 keeps everything in process.
   */
  readonly reasonThreads?: number;
}

export interface ScoredSpec {
  readonly spec: ModelSpec;
  /** null when the model has no promoted version yet (train it first). */
  readonly version: number | null;
  readonly scored: number;
  readonly seconds: number;
  readonly summary: string;
  /**
   * Seconds of the pass this model was scored in (models of one entity type share it): waiting for
   * feature rows from the engine, in the models (predict, TreeSHAP, reasons), writing scores.
   */
  readonly pass?: {
    readonly entityType: EntityType;
    readonly features: number;
    readonly model: number;
    readonly write: number;
  };
}

export { tierWords } from '../tiers/index.ts';

/**
 * Scores every enabled model's promoted version as of `asOf`. Models of one entity type share one
 * query: the events are read once for all of them, each batch of feature rows goes through every
 * model, and its scores are saved together. Each run is recorded in the registry (distribution
 * and, for lead/churn, drift of every feature and of the score).
 */
export async function scoreAll(
  store: CanonicalStore,
  registry: ModelRegistry,
  fe: FeatureEngine,
  options: ScoreAllOptions,
): Promise<ScoredSpec[]> {
  const cutoffMs = parseCutoff(options.asOf, 'score as-of');
  const asOf = isoOf(cutoffMs);
  const computedAt = options.computedAt ?? asOf;
  const bands = parseTierBands(options.bands);
  const wanted = trainingOrder(options.specs).filter(
    (spec) => !options.kinds || options.kinds.includes(spec.kind),
  );
  const out = new Map<string, ScoredSpec>();
  const ready: Ready[] = [];
  for (const spec of wanted) {
    const record = registry.promoted(spec.name);
    if (!record) {
      out.set(spec.name, {
        spec,
        version: null,
        scored: 0,
        seconds: 0,
        summary: 'no promoted model: run `scorebridge train` first',
      });
      continue;
    }
    const where = `model ${record.name} v${record.version}`;
    const set =
      spec.kind === 'ltv'
        ? mrrFeatureSet()
        : spec.kind === 'nba'
          ? nbaFeatureSet(parseNbaArtifact(record.artifact, where))
          : featureSetOf(parseBinaryArtifact(record.artifact, where));
    ready.push({ spec, version: record.version, set });
  }
  const base = {
    lead: promotedBinary(registry, options.specs, 'lead'),
    churn: promotedBinary(registry, options.specs, 'churn'),
  };
  for (const entityType of ['contact', 'account'] as const) {
    const models = ready.filter(
      (r) => (r.spec.kind === 'ltv' ? 'account' : entityTypeOf(r, registry)) === entityType,
    );
    if (models.length === 0) continue;
    const { only, tiers, note } = passScope(registry, models, bands, options.only?.[entityType], asOf);
    const results = await scorePass(store, registry, fe, {
      entityType,
      models,
      base,
      cutoffMs,
      computedAt,
      bands,
      tiers,
      only,
      onProgress: options.onProgress,
      reasonThreads: options.reasonThreads,
    });
    for (const { raw, ...result } of results) {
      registry.recordRun({
        name: result.spec.name,
        version: result.version!,
        asOf,
        rows: result.scored,
        summary: raw,
      });
      out.set(result.spec.name, note ? { ...result, summary: `${note}; ${result.summary}` } : result);
    }
  }
  return wanted.map((spec) => out.get(spec.name)!).filter(Boolean);
}

/**
 * Each model's tiers for a pass, and what the pass scores. A partial pass (`score --changed`) needs
 * the cut points of an earlier full run for every percentile model; without them it scores everyone.
 */
function passScope(
  registry: ModelRegistry,
  models: readonly Ready[],
  bands: ReturnType<typeof parseTierBands>,
  only: string | undefined,
  asOf: string,
): { only: string | undefined; tiers: PassTiers[]; note: string | null } {
  const partial = only !== undefined;
  const tiers = models.map((m) => passTiersFor(registry, m.spec, bands, partial, asOf));
  if (tiers.every((t): t is PassTiers => t !== null)) return { only, tiers, note: null };
  const unranked = models.filter((_, i) => tiers[i] === null).map((m) => m.spec.name);
  return {
    only: undefined,
    tiers: models.map((m) => passTiersFor(registry, m.spec, bands, false, asOf)!),
    note: `everyone scored: percentile tiers of ${unranked.join(', ')} need a full run first`,
  };
}

function entityTypeOf(ready: Ready, registry: ModelRegistry): EntityType {
  if (ready.spec.kind === 'lead') return 'contact';
  if (ready.spec.kind === 'churn') return 'account';
  const record = registry.promoted(ready.spec.name)!;
  return parseNbaArtifact(record.artifact, ready.spec.name).entityType;
}

const TARGETS = 'sb_score_targets';

/** Populations this large get their reasons computed on worker threads (below it, starting them costs more). */
const PARALLEL_REASONS_FROM = 20_000;

/** One entity type's models over one query's batches. */
async function scorePass(
  store: CanonicalStore,
  registry: ModelRegistry,
  fe: FeatureEngine,
  options: PassOptions,
): Promise<(ScoredSpec & { raw: unknown })[]> {
  const { entityType, cutoffMs } = options;
  const baseKind = entityType === 'contact' ? 'lead' : 'churn';
  const baseArtifact = options.base[baseKind];
  const baseSet = baseArtifact ? featureSetOf(baseArtifact) : null;
  const sets = [...options.models.map((m) => m.set), ...(baseSet ? [baseSet] : [])];
  const merged = mergePlans(sets.map((s) => s.plan));
  const withLtv = options.models.some((m) => m.spec.kind === 'ltv');
  const names = purchaseNames(baseSet ?? undefined);
  const kind = entityType === 'contact' ? 'lead' : withLtv ? 'ltv' : 'churn';
  await fe.engine.exec(
    `CREATE OR REPLACE TEMP TABLE ${TARGETS} AS ${targetsSql(fe.dialect, {
      kind,
      cutoffs: [cutoffMs],
      purchaseNames: names,
      ...(options.only ? { only: options.only } : {}),
    })}`,
  );
  const [count] = await fe.engine.rows<{ n: number | bigint }>(`SELECT COUNT(*) AS n FROM ${TARGETS}`);
  const total = Number(count?.n ?? 0);
  const baseScorer = baseArtifact
    ? new BinaryBatchScorer(
        { name: 'base', version: '0', artifact: baseArtifact },
        merged.columns[sets.length - 1]!,
        options.computedAt,
      )
    : null;
  // TreeSHAP reasons are most of the work on a big population: spread them over worker threads.
  const threads =
    options.reasonThreads ?? (total >= PARALLEL_REASONS_FROM ? Math.max(1, availableParallelism()) : 1);
  const passModels = options.models.map((model, i) =>
    passModel(registry, model, merged.columns[i]!, options, baseArtifact, threads),
  );
  const label = entityType === 'contact' ? 'contacts' : 'accounts';
  // The feature query aggregates before its first row arrives: the bar shows from the start.
  options.onProgress?.(`scoring ${label}`, 0, total);
  let done = 0;
  const batches = featureBatches(fe, merged.plan, TARGETS, {
    passThrough: kind === 'ltv' ? ['in_churn'] : [],
    ...(kind === 'ltv' ? { extras: purchaseHistory(fe.dialect, names) } : {}),
  });
  const phases = { features: 0, model: 0, write: 0 };
  let mark = performance.now();
  try {
    for await (const batch of batches) {
      const modelStart = performance.now();
      phases.features += modelStart - mark;
      const inChurn = kind === 'ltv' ? (batch.extras.in_churn as Float64Array) : null;
      const context: PassContext = { base: new Map(), inChurn, cutoffMs };
      if (baseScorer) {
        const rows = inChurn ? indices(batch.rowCount, (i) => inChurn[i] === 1) : undefined;
        const probabilities = new Float64Array(batch.rowCount).fill(Number.NaN);
        const scored = baseScorer.probabilities(batch, rows);
        if (rows)
          rows.forEach((row, k) => {
            probabilities[row] = scored[k]!;
          });
        else probabilities.set(scored);
        context.base.set(baseKind, probabilities);
      }
      const scores: Score[] = [];
      for (const [i, model] of passModels.entries()) {
        const scored = await model.score(batch, context);
        options.tiers[i]!.apply(scored);
        scores.push(...scored);
      }
      const writeStart = performance.now();
      phases.model += writeStart - modelStart;
      await store.saveScores(scores);
      mark = performance.now();
      phases.write += mark - writeStart;
      done += batch.rowCount;
      options.onProgress?.(`scoring ${label}`, done, total);
    }
  } finally {
    // Worker threads must not outlive a failed pass.
    for (const model of passModels) await model.close?.();
  }
  await fe.engine.exec(`DROP TABLE IF EXISTS ${TARGETS}`);
  const settled = await settleTiers(store, options, passModels);
  return passModels.map((model, i) => {
    const { counts, tiering } = settled[i]!;
    const { scored, summary, text } = model.finish(counts);
    return {
      spec: model.ready.spec,
      version: model.ready.version,
      scored,
      seconds: (performance.now() - model.started) / 1000,
      summary: text,
      raw: { ...summary, tiers: counts, tiering },
      pass: {
        entityType,
        features: phases.features / 1000,
        model: phases.model / 1000,
        write: phases.write / 1000,
      },
    };
  });
}

/**
 * Percentile tiers are final only once the whole population is ranked: the rows whose provisional
 * tier (from the previous run's cut points) was wrong are corrected, current and history alike.
 */
async function settleTiers(
  store: CanonicalStore,
  options: PassOptions,
  passModels: readonly PassModel[],
): Promise<{ counts: Record<Tier, number>; tiering: RunTiering }[]> {
  const out: { counts: Record<Tier, number>; tiering: RunTiering }[] = [];
  for (const [i, model] of passModels.entries()) {
    const { counts, tiering, changes } = options.tiers[i]!.settle();
    await store.updateScoreTiers(
      { model: model.ready.spec.name, entityType: options.entityType, computedAt: options.computedAt },
      changes,
    );
    out.push({ counts, tiering });
  }
  return out;
}
