export type {
  CategoricalEncoding,
  ColumnEncoding,
  EncoderOptions,
  LinearEncoder,
  NumericEncoding,
} from './encoder.ts';
export { encodeDataset, encodeRow, fitLinearEncoder } from './encoder.ts';
export type { LbfgsOptions, MinimizeResult, Objective } from './lbfgs.ts';
export { minimizeLbfgs } from './lbfgs.ts';
export type { LogisticModel, LogisticParams } from './logistic.ts';
export { logisticPredictor, trainLogistic } from './logistic.ts';
export type { LogisticSolution } from './logistic-solver.ts';
export { choleskySolve, solveLogistic } from './logistic-solver.ts';
