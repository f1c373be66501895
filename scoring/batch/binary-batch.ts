import type { Score, Tier } from '../../core/schema/index.ts';
import { featureNames, featureSetOf } from '../features/feature-set.ts';
import { type RawTable, rowValues, selectTableRows } from '../features/raw-table.ts';
import { type FeatureBatch, projectTable } from '../features/rows/feature-engine.ts';
import type { BinaryModelArtifact } from '../models/binary-artifact.ts';
import { BinaryScorer } from '../models/binary-scorer.ts';
import { DriftAccumulator, driftReport } from '../registry/drift.ts';
import { type BatchScoreResult, emptyTiers, type ModelRef } from './batch-types.ts';
import type { ExplainedRow, ExplainPool } from './explain-pool.ts';

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

  /**
   * Scores rows of a batch (all when `rows` is omitted); probabilities come back in row order.
   * With a pool, TreeSHAP reasons are computed on its worker threads; the answers are the same.
   */
  async score(
    batch: FeatureBatch,
    rows?: Int32Array,
    pool?: ExplainPool,
  ): Promise<{ scores: Score[]; probabilities: Float64Array }> {
    const started = performance.now();
    const table = this.table(batch, rows);
    const data = this.scorer.encodeTable(table);
    const width = data.columns.length;
    const encoded = new Float64Array(table.nRows * width);
    for (let j = 0; j < width; j++) {
      const column = data.columns[j]!;
      for (let i = 0; i < table.nRows; i++) encoded[i * width + j] = column[i]!;
    }
    const explained: ExplainedRow[] = pool
      ? await pool.explain(encoded, width, table, 3)
      : Array.from({ length: table.nRows }, (_, i) =>
          this.scorer.explain(encoded.subarray(i * width, (i + 1) * width), rowValues(table, i), 3),
        );
    const scoreCell = new Float64Array(1);
    const probabilities = new Float64Array(table.nRows);
    const scores: Score[] = [];
    const { artifact } = this.model;
    explained.forEach((answer, i) => {
      probabilities[i] = answer.probability;
      this.#tiers[answer.tier] += 1;
      this.#histogram[Math.min(9, Math.floor(answer.probability * 10))]! += 1;
      this.#featureDrift.add(encoded.subarray(i * width, (i + 1) * width));
      scoreCell[0] = answer.probability;
      this.#scoreDrift.add(scoreCell);
      scores.push({
        entityType: artifact.entityType,
        entityId: batch.entityIds[rows ? rows[i]! : i]!,
        model: this.model.name,
        kind: artifact.kind,
        modelVersion: this.model.version,
        probability: answer.probability,
        value: answer.value,
        tier: answer.tier,
        reasons: answer.reasons,
        amount: null,
        action: null,
        computedAt: this.#computedAt,
      });
    });
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
