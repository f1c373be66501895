export type { BgNbdFit, BgNbdFitOptions } from './bgnbd.ts';
export {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  bgNbdTotalLogLikelihood,
  fitBgNbd,
} from './bgnbd.ts';
export type { CdnowLayout, CdnowTransaction } from './cdnow-format.ts';
export { parseCdnowTransactions } from './cdnow-format.ts';
export type { ClvCustomer, ClvOptions } from './clv.ts';
export { customerLifetimeValue } from './clv.ts';
export type { GammaGammaFit, GammaGammaFitOptions } from './gamma-gamma.ts';
export {
  fitGammaGamma,
  frequencySpendCorrelation,
  gammaGammaConditionalExpectedValue,
  gammaGammaLogLikelihood,
  gammaGammaPopulationMean,
  gammaGammaTotalLogLikelihood,
} from './gamma-gamma.ts';
export type { FrequencyGroup, HoldoutCustomer, HoldoutReport } from './holdout.ts';
export { compareHoldout } from './holdout.ts';
export { hyp2f1 } from './hypergeometric.ts';
export { logBeta, logGamma } from './log-gamma.ts';
export type { NelderMeadOptions, NelderMeadResult } from './nelder-mead.ts';
export { nelderMead } from './nelder-mead.ts';
export type { RfmOptions, RfmRow, Transaction } from './rfm.ts';
export { buildRfmSummary, toUtcDay } from './rfm.ts';
export type {
  BgNbdParams,
  CustomerHistory,
  FitDiagnostics,
  GammaGammaParams,
  SpendHistory,
} from './types.ts';
