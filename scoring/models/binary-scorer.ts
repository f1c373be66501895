import type { Reason, Tier } from '../../core/schema/index.ts';
import { applyCalibrator } from '../calibration/calibrator.ts';
import { scoreAndTier } from '../calibration/score-bands.ts';
import { attributeScore, type ScoreAttribution } from '../explain/attribution.ts';
import type { FeatureDescriptor } from '../explain/feature-catalog.ts';
import { type FeatureRow, renderReasons } from '../explain/reasons.ts';
import { encodeTable, RowEncoder } from '../features/dictionary.ts';
import { featureCatalog, featureSetOf } from '../features/feature-set.ts';
import type { RawFeatureValues, RawTable } from '../features/raw-table.ts';
import type { Dataset } from '../learners/types.ts';
import type { BinaryModelArtifact } from './binary-artifact.ts';
import { type LearnerRuntime, learnerRuntime, rawProbability } from './fitted-learner.ts';
import { pointsScale, topContributions } from './top-contributions.ts';

export interface ExplainedScore {
  readonly probability: number;
  /** 0–100, the calibrated probability in points, rounded. */
  readonly value: number;
  readonly tier: Tier;
  /** Score points of the average row; it and every feature's points add up to 100 × probability. */
  readonly baseline: number;
  /** The top reasons, largest impact first. */
  readonly reasons: Reason[];
}

/**
 * Scores with a lead or churn artifact: calibrated probability, 0–100 value, tier, and reasons from
 * exact SHAP values turned into score points. One instance per model; reuse it for every row.
 */
export class BinaryScorer {
  readonly artifact: BinaryModelArtifact;
  readonly runtime: LearnerRuntime;
  readonly catalog: readonly FeatureDescriptor[];
  readonly #categoryLabels: Dataset['categoryLabels'];
  readonly #phi: Float64Array;
  readonly #scoreOfMargin: (margin: number) => number;
  readonly #shape: {
    link: 'identity' | 'logit';
    task: 'classification';
    featureNames: readonly string[];
    categorical: readonly boolean[];
  };

  constructor(artifact: BinaryModelArtifact) {
    this.artifact = artifact;
    this.runtime = learnerRuntime(artifact.learner);
    this.catalog = featureCatalog(featureSetOf(artifact));
    this.#categoryLabels = artifact.featureNames.map((name) => artifact.dictionary[name]);
    this.#phi = new Float64Array(artifact.featureNames.length);
    const { calibrator } = artifact;
    const link = this.runtime.link;
    this.#scoreOfMargin = (margin) => 100 * applyCalibrator(calibrator, rawProbability(link, margin));
    const { featureNames, categorical } = this.runtime;
    this.#shape = { link, task: 'classification', featureNames, categorical };
  }

  /** Encoder from a feature set's raw rows (names `sourceNames`) to this model's columns. */
  rowEncoder(sourceNames: readonly string[]): RowEncoder {
    return new RowEncoder(sourceNames, this.artifact.featureNames, this.artifact.dictionary);
  }

  encodeTable(table: RawTable): Dataset {
    return encodeTable(table, this.artifact.dictionary, this.artifact.featureNames);
  }

  probabilityOfRow(encoded: ArrayLike<number>): number {
    return applyCalibrator(
      this.artifact.calibrator,
      rawProbability(this.runtime.link, this.runtime.marginRow(encoded)),
    );
  }

  /** Calibrated probabilities of every row of an encoded dataset. */
  probabilities(data: Dataset): Float64Array {
    const margins = this.runtime.margins(data);
    const { calibrator } = this.artifact;
    for (let i = 0; i < margins.length; i++)
      margins[i] = applyCalibrator(calibrator, rawProbability(this.runtime.link, margins[i]!));
    return margins;
  }

  /** Every feature's score points for one encoded row; they and the baseline add up to 100 × probability. */
  attribute(encoded: Float64Array): ScoreAttribution {
    const explanation = this.runtime.explainRow(encoded, this.#phi);
    return attributeScore(this.#shape, explanation, encoded, {
      scoreOfMargin: this.#scoreOfMargin,
      categoryLabels: this.#categoryLabels,
    });
  }

  /**
   * Score one encoded row with its top reasons. `raw` (the feature set's values by name) lets
   * reasons quote values the way people read them. Only the top `topK` contributions are built.
   */
  explain(encoded: Float64Array, raw?: FeatureRow, topK = 3): ExplainedScore {
    const explanation = this.runtime.explainRow(encoded, this.#phi);
    const scale = pointsScale(explanation, this.#scoreOfMargin);
    const top = topContributions(this.#shape.featureNames, explanation, scale.slope, topK, (j) =>
      displayValue(encoded[j]!, this.#categoryLabels?.[j]),
    );
    const probability = Math.min(1, Math.max(0, scale.score / 100));
    const { score, tier } = scoreAndTier(probability, this.artifact.bands);
    return {
      probability,
      value: score,
      tier: tier as Tier,
      baseline: scale.baseline,
      reasons: renderReasons(top, raw ?? {}, this.catalog, { topK }),
    };
  }
}

function displayValue(x: number, labels: readonly string[] | undefined): number | string | null {
  if (Number.isNaN(x)) return null;
  if (labels && Number.isInteger(x) && x >= 0 && x < labels.length) return labels[x]!;
  return x;
}

/** A raw row as the name → value record reasons read. */
export function rawRowRecord(names: readonly string[], values: RawFeatureValues): FeatureRow {
  const out: Record<string, number | string | null> = {};
  names.forEach((name, j) => {
    out[name] = values[j] ?? null;
  });
  return out;
}
