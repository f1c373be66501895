export type {
  CategoricalEncoding,
  ColumnEncoding,
  EncoderOptions,
  LinearEncoder,
  NumericEncoding,
} from './encoder.ts';
export { encodeDataset, encodeRow, encodeSparse, fitLinearEncoder } from './encoder.ts';
export type { LbfgsOptions, MinimizeResult, Objective } from './lbfgs.ts';
export { minimizeLbfgs } from './lbfgs.ts';
export type { LogisticModel, LogisticParams } from './logistic.ts';
export { logisticPredictor, trainLogistic } from './logistic.ts';
export type { LogisticSolution } from './logistic-solver.ts';
export { choleskySolve, solveLogistic, solveLogisticSparse } from './logistic-solver.ts';
export type { SparseRows } from './sparse-rows.ts';
export { sparseFromDense } from './sparse-rows.ts';
