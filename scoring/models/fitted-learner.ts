import { z } from 'zod';
import type { ShapExplanation } from '../explain/treeshap.ts';
import { createTreeShapExplainer } from '../explain/treeshap.ts';
import {
  type EnsemblePredictor,
  ensemblePredictor,
  parseEnsemble,
  serializeEnsemble,
} from '../learners/index.ts';
import type { Dataset, TreeEnsemble } from '../learners/types.ts';
import { encodeDataset, encodeRow, encodingWidth } from '../learners-linear/encoder.ts';
import type { LogisticModel } from '../learners-linear/logistic.ts';

/**
 * A trained learner behind one interface: margins (log-odds, or the raw forest average), the raw
 * probability they stand for, and exact margin-scale explanations (TreeSHAP for trees; for a
 * logistic model the linear SHAP values w·(x − E[x]) on the encoded row, which are exact for it).
 */
export type FittedLearner =
  | { readonly type: 'tree'; readonly ensemble: TreeEnsemble }
  | { readonly type: 'logistic'; readonly model: LogisticModel; readonly meanEncoded: readonly number[] };

export interface LearnerRuntime {
  readonly link: 'identity' | 'logit';
  readonly featureNames: readonly string[];
  readonly categorical: readonly boolean[];
  marginRow(row: ArrayLike<number>): number;
  margins(data: Dataset): Float64Array;
  /** Explain one row; `out` (length nFeatures) is reused when given. */
  explainRow(row: ArrayLike<number>, out?: Float64Array): ShapExplanation;
}

export function rawProbability(link: 'identity' | 'logit', margin: number): number {
  if (link === 'logit')
    return margin >= 0 ? 1 / (1 + Math.exp(-margin)) : Math.exp(margin) / (1 + Math.exp(margin));
  return Math.min(1, Math.max(0, margin));
}

function treeRuntime(ensemble: TreeEnsemble): LearnerRuntime {
  const predictor: EnsemblePredictor = ensemblePredictor(ensemble);
  let explainer: ReturnType<typeof createTreeShapExplainer> | null = null;
  return {
    link: ensemble.link,
    featureNames: ensemble.featureNames,
    categorical: ensemble.categorical,
    marginRow: (row) => predictor.marginRow(row),
    margins: (data) => predictor.margins(data),
    explainRow(row, out) {
      explainer ??= createTreeShapExplainer(ensemble);
      return explainer.explainRow(row, out);
    },
  };
}

function logisticRuntime(model: LogisticModel, meanEncoded: readonly number[]): LearnerRuntime {
  const width = model.encoder.width;
  const encoded = new Float64Array(width);
  const spans = model.encoder.encodings.map((encoding) => encodingWidth(encoding));
  let expectedValue = model.intercept;
  for (let k = 0; k < width; k++) expectedValue += model.weights[k]! * meanEncoded[k]!;
  const margin = (row: ArrayLike<number>): number => {
    encodeRow(model.encoder, row, encoded);
    let z = model.intercept;
    for (let k = 0; k < width; k++) z += encoded[k]! * model.weights[k]!;
    return z;
  };
  return {
    link: 'logit',
    featureNames: model.featureNames,
    categorical: model.categorical,
    marginRow: margin,
    margins(data) {
      const row = new Float64Array(data.columns.length);
      return Float64Array.from({ length: data.nRows }, (_, i) => {
        for (let j = 0; j < row.length; j++) row[j] = data.columns[j]![i]!;
        return margin(row);
      });
    },
    explainRow(row, out) {
      const phi = out ?? new Float64Array(spans.length);
      encodeRow(model.encoder, row, encoded);
      let k = 0;
      spans.forEach((span, j) => {
        let sum = 0;
        for (let end = k + span; k < end; k++) sum += model.weights[k]! * (encoded[k]! - meanEncoded[k]!);
        phi[j] = sum;
      });
      return { expectedValue, contributions: phi };
    },
  };
}

export function learnerRuntime(learner: FittedLearner): LearnerRuntime {
  return learner.type === 'tree'
    ? treeRuntime(learner.ensemble)
    : logisticRuntime(learner.model, learner.meanEncoded);
}

/** Mean of each encoded column over the training rows: the "average customer" of linear SHAP. */
export function meanEncodedColumns(model: LogisticModel, data: Dataset): number[] {
  const matrix = encodeDataset(model.encoder, data);
  const width = model.encoder.width;
  const means = new Array<number>(width).fill(0);
  for (let i = 0; i < data.nRows; i++) for (let k = 0; k < width; k++) means[k]! += matrix[i * width + k]!;
  return means.map((sum) => sum / Math.max(1, data.nRows));
}

const learnerJsonSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tree'), ensemble: z.unknown() }),
  z.object({
    type: z.literal('logistic'),
    model: z.looseObject({ kind: z.literal('logistic') }),
    meanEncoded: z.array(z.number()),
  }),
]);

export function learnerToJson(learner: FittedLearner): unknown {
  if (learner.type === 'tree')
    return { type: 'tree', ensemble: JSON.parse(serializeEnsemble(learner.ensemble)) };
  return learner;
}

export function learnerFromJson(json: unknown, where: string): FittedLearner {
  const parsed = learnerJsonSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${where}: invalid learner: ${z.prettifyError(parsed.error)}`);
  if (parsed.data.type === 'tree')
    return { type: 'tree', ensemble: parseEnsemble(JSON.stringify(parsed.data.ensemble), where) };
  return {
    type: 'logistic',
    model: parsed.data.model as unknown as LogisticModel,
    meanEncoded: parsed.data.meanEncoded,
  };
}

export function learnerKind(learner: FittedLearner): 'forest' | 'boosting' | 'logistic' {
  return learner.type === 'tree' ? learner.ensemble.kind : 'logistic';
}
