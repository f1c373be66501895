import type { Score, Tier } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import { featurePages } from '../features/build.ts';
import { featureNames } from '../features/definition.ts';
import { featureSetByName } from '../features/feature-sets.ts';
import { isoOf, parseCutoff } from '../features/time.ts';
import { populationFor } from '../labels/populations.ts';
import type { BinaryModelArtifact } from '../models/binary-artifact.ts';
import { BinaryScorer, rawRowRecord } from '../models/binary-scorer.ts';
import { DriftAccumulator, type DriftReport, driftReport } from '../registry/drift.ts';

export interface ModelRef<A> {
  /** Registry name, e.g. "churn_risk"; scores are stored under it. */
  readonly name: string;
  readonly version: string;
  readonly artifact: A;
}

export interface BatchScoreOptions {
  /** Features are computed from data strictly before this instant. */
  readonly asOf: string | Date;
  /** Stamp on the scores (default: as-of). */
  readonly computedAt?: string;
  /** Entities read per page (default 1000). */
  readonly pageSize?: number;
  readonly topReasons?: number;
  readonly onProgress?: (task: string, done: number, total?: number) => void;
}

export interface BatchScoreResult {
  readonly model: string;
  readonly scored: number;
  readonly tiers: Readonly<Record<Tier, number>>;
  /** Scores per 10-point band, 0–9 … 90–100. */
  readonly histogram: readonly number[];
  /** PSI of every feature and of the score, this run against the model's training baselines. */
  readonly drift: DriftReport;
  /** Seconds spent reading features, in the model (predict + explain + reasons), and writing. */
  readonly seconds: { readonly features: number; readonly model: number; readonly write: number };
}

/**
 * Scores a lead or churn model over its whole population as of `asOf`: page by page, features by
 * the model's feature set, calibrated probability, 0–100 value, tier and top reasons, saved with
 * `saveScores` (which keeps history). Memory is bounded by the page size.
 */
export async function scoreBinaryModel(
  store: CanonicalStore,
  model: ModelRef<BinaryModelArtifact>,
  options: BatchScoreOptions,
): Promise<BatchScoreResult> {
  const cutoffMs = parseCutoff(options.asOf, 'score as-of');
  const computedAt = options.computedAt ?? isoOf(cutoffMs);
  const featureSet = featureSetByName(model.artifact.featureSet);
  const names = featureNames(featureSet);
  const scorer = new BinaryScorer(model.artifact);
  const encoder = scorer.rowEncoder(names);
  const encoded = new Float64Array(model.artifact.featureNames.length);
  const counts = await store.counts();
  const total = featureSet.entityType === 'contact' ? counts.contacts : counts.accounts;
  const tiers: Record<Tier, number> = { low: 0, medium: 0, high: 0 };
  const histogram = new Array<number>(10).fill(0);
  let scored = 0;
  const seconds = { features: 0, model: 0, write: 0 };
  const featureDrift = new DriftAccumulator(model.artifact.drift.features);
  const scoreDrift = new DriftAccumulator([model.artifact.drift.score]);
  const scoreCell = new Float64Array(1);
  let walked = 0;
  let mark = performance.now();
  const pages = featurePages(store, featureSet, cutoffMs, {
    pageSize: options.pageSize ?? 1000,
    include: populationFor(model.artifact.kind),
  });
  for await (const page of pages) {
    const modelStart = performance.now();
    seconds.features += (modelStart - mark) / 1000;
    const scores: Score[] = page.rows.map((values, i) => {
      const explained = scorer.explain(
        encoder.encode(values, encoded),
        rawRowRecord(names, values),
        options.topReasons ?? 3,
      );
      tiers[explained.tier] += 1;
      histogram[Math.min(9, Math.floor(explained.probability * 10))]! += 1;
      scored += 1;
      featureDrift.add(encoded);
      scoreCell[0] = explained.probability;
      scoreDrift.add(scoreCell);
      return {
        entityType: featureSet.entityType,
        entityId: page.snapshots[i]!.id,
        model: model.name,
        kind: model.artifact.kind,
        modelVersion: model.version,
        probability: explained.probability,
        value: explained.value,
        tier: explained.tier,
        reasons: explained.reasons,
        amount: null,
        action: null,
        computedAt,
      };
    });
    const writeStart = performance.now();
    seconds.model += (writeStart - modelStart) / 1000;
    await store.saveScores(scores);
    mark = performance.now();
    seconds.write += (mark - writeStart) / 1000;
    walked += page.snapshots.length;
    options.onProgress?.(`${model.name}: scoring`, Math.min(walked, total), total);
  }
  return {
    model: model.name,
    scored,
    tiers,
    histogram,
    drift: driftReport(featureDrift.rows, featureDrift.result(), scoreDrift.result()[0]!),
    seconds,
  };
}
