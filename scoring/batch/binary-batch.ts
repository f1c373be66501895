import type { Score, Tier } from '../../core/schema/index.ts';
import { featureNames, featureSetOf } from '../features/feature-set.ts';
import { type RawTable, selectTableRows } from '../features/raw-table.ts';
import { type FeatureBatch, projectTable } from '../features/rows/feature-engine.ts';
import type { BinaryModelArtifact } from '../models/binary-artifact.ts';
import { BinaryScorer } from '../models/binary-scorer.ts';
import { DriftAccumulator, driftReport } from '../registry/drift.ts';
import { type BatchScoreResult, emptyTiers, type ModelRef } from './batch-types.ts';

/** Row values of a table as the name -> value record reasons quote. */
function rowRecord(table: RawTable, i: number): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {};
  table.featureNames.forEach((name, j) => {
    out[name] = table.numbers[j] ? table.numbers[j]![i]! : (table.texts[j]![i] ?? null);
  });
  return out;
}

/**
 * A lead or churn model scoring the feature batches of one query: calibrated probability, 0–100
 * value, tier and top reasons per row, with tier counts, a histogram and drift kept across batches.
 */
export class BinaryBatchScorer {
  readonly model: ModelRef<BinaryModelArtifact>;
  readonly scorer: BinaryScorer;
  readonly #columns: readonly number[];
  readonly #names: readonly string[];
  readonly #computedAt: string;
  readonly #tiers: Record<Tier, number> = emptyTiers();
  readonly #histogram = new Array<number>(10).fill(0);
  readonly #featureDrift: DriftAccumulator;
  readonly #scoreDrift: DriftAccumulator;
  #scored = 0;
  #seconds = 0;

  /** `columns`: where the model's features are in the merged plan the batches come from. */
  constructor(model: ModelRef<BinaryModelArtifact>, columns: readonly number[], computedAt: string) {
    this.model = model;
    this.scorer = new BinaryScorer(model.artifact);
    this.#columns = columns;
    this.#names = featureNames(featureSetOf(model.artifact));
    this.#computedAt = computedAt;
    this.#featureDrift = new DriftAccumulator(model.artifact.drift.features);
    this.#scoreDrift = new DriftAccumulator([model.artifact.drift.score]);
  }

  /** The model's own columns of a batch, optionally only some rows. */
  table(batch: FeatureBatch, rows?: Int32Array): RawTable {
    const own = projectTable(batch.table, this.#columns, this.#names);
    return rows ? selectTableRows(own, rows) : own;
  }

  /** Calibrated probabilities of rows of a batch, without reasons (a base for other models). */
  probabilities(batch: FeatureBatch, rows?: Int32Array): Float64Array {
    return this.scorer.probabilities(this.scorer.encodeTable(this.table(batch, rows)));
  }

  /** Scores rows of a batch (all when `rows` is omitted); probabilities come back in row order. */
  score(batch: FeatureBatch, rows?: Int32Array): { scores: Score[]; probabilities: Float64Array } {
    const started = performance.now();
    const table = this.table(batch, rows);
    const data = this.scorer.encodeTable(table);
    const encoded = new Float64Array(data.columns.length);
    const scoreCell = new Float64Array(1);
    const probabilities = new Float64Array(table.nRows);
    const scores: Score[] = [];
    const { artifact } = this.model;
    for (let i = 0; i < table.nRows; i++) {
      for (let j = 0; j < encoded.length; j++) encoded[j] = data.columns[j]![i]!;
      const explained = this.scorer.explain(encoded, rowRecord(table, i), 3);
      probabilities[i] = explained.probability;
      this.#tiers[explained.tier] += 1;
      this.#histogram[Math.min(9, Math.floor(explained.probability * 10))]! += 1;
      this.#featureDrift.add(encoded);
      scoreCell[0] = explained.probability;
      this.#scoreDrift.add(scoreCell);
      scores.push({
        entityType: artifact.entityType,
        entityId: batch.entityIds[rows ? rows[i]! : i]!,
        model: this.model.name,
        kind: artifact.kind,
        modelVersion: this.model.version,
        probability: explained.probability,
        value: explained.value,
        tier: explained.tier,
        reasons: explained.reasons,
        amount: null,
        action: null,
        computedAt: this.#computedAt,
      });
    }
    this.#scored += table.nRows;
    this.#seconds += (performance.now() - started) / 1000;
    return { scores, probabilities };
  }

  result(): BatchScoreResult {
    return {
      model: this.model.name,
      scored: this.#scored,
      tiers: this.#tiers,
      histogram: this.#histogram,
      drift: driftReport(this.#featureDrift.rows, this.#featureDrift.result(), this.#scoreDrift.result()[0]!),
      seconds: { model: this.#seconds },
    };
  }
}
