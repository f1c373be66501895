import type { Dataset, Predictor } from '../learners/types.ts';
import {
  type EncoderOptions,
  encodeRow,
  encodeSparse,
  fitLinearEncoder,
  type LinearEncoder,
} from './encoder.ts';
import { solveLogisticSparse } from './logistic-solver.ts';

export interface LogisticParams extends EncoderOptions {
  /** L2 penalty on the standardized weights; 1 matches sklearn's LogisticRegression(C=1). */
  readonly l2?: number;
  readonly maxIterations?: number;
}

/** A fitted logistic regression: plain JSON, so it serializes with the rest of the model card. */
export interface LogisticModel {
  readonly kind: 'logistic';
  readonly featureNames: readonly string[];
  readonly categorical: readonly boolean[];
  readonly encoder: LinearEncoder;
  readonly weights: readonly number[];
  readonly intercept: number;
  readonly converged: boolean;
}

export function trainLogistic(
  data: Dataset,
  y: ArrayLike<number>,
  params: LogisticParams = {},
): LogisticModel {
  if (y.length !== data.nRows)
    throw new RangeError(`trainLogistic: ${data.nRows} rows but ${y.length} labels`);
  const l2 = params.l2 ?? 1;
  if (!(l2 >= 0)) throw new RangeError(`trainLogistic: l2 must be >= 0, got ${l2}`);
  const encoder = fitLinearEncoder(data, params);
  const solution = solveLogisticSparse(encodeSparse(encoder, data), y, l2, params.maxIterations ?? 100);
  return {
    kind: 'logistic',
    featureNames: [...data.featureNames],
    categorical: [...data.categorical],
    encoder,
    weights: Array.from(solution.weights),
    intercept: solution.intercept,
    converged: solution.converged,
  };
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function logisticPredictor(model: LogisticModel): Predictor {
  const encoded = new Float64Array(model.encoder.width);
  const margin = (row: ArrayLike<number>): number => {
    encodeRow(model.encoder, row, encoded);
    let z = model.intercept;
    for (let j = 0; j < encoded.length; j++) z += (encoded[j] as number) * (model.weights[j] as number);
    return z;
  };
  return {
    predictRow: (row) => sigmoid(margin(row)),
    predict(data: Dataset): Float64Array {
      const out = new Float64Array(data.nRows);
      const row = new Float64Array(data.columns.length);
      for (let i = 0; i < data.nRows; i++) {
        for (let j = 0; j < row.length; j++) row[j] = (data.columns[j] as Float64Array)[i] as number;
        out[i] = sigmoid(margin(row));
      }
      return out;
    },
  };
}
