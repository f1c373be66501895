export type { RandomSource } from './beta-sampler.ts';
export { sampleBeta, sampleGamma } from './beta-sampler.ts';
export { eligibleActions, findAction, singleActionPolicy, validateCatalog } from './catalog.ts';
export type { HillstromCustomer, HillstromOutcome } from './hillstrom.ts';
export { hillstromCatalog, hillstromFeatures, parseHillstromLog } from './hillstrom.ts';
export type { PolicyValue } from './off-policy.ts';
export {
  comparePolicies,
  evaluatePolicy,
  evaluateStochasticPolicy,
  netRewards,
  policyWeights,
  validateLog,
  valueFromWeights,
} from './off-policy.ts';
export type { QiniPoint, QiniResult, UpliftBucket } from './qini.ts';
export { qiniCurve, upliftByBucket } from './qini.ts';
export type { ShipDecision, ShipGateInput, SingleActionValue } from './ship-gate.ts';
export { choosePolicy } from './ship-gate.ts';
export { splitLogByAction } from './split.ts';
export type { FeatureSpec, OutcomeTrainer, TLearnerOptions, UpliftModel } from './t-learner.ts';
export { fitTLearner, logisticOutcomeTrainer } from './t-learner.ts';
export type { ArmPosterior, ThompsonOptions } from './thompson.ts';
export { ThompsonSampling } from './thompson.ts';
export type { Action, Decision, LoggedDecision, Policy } from './types.ts';
