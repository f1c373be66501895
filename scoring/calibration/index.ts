export type { CalibrationMethod, Calibrator, IdentityCalibrator } from './calibrator.ts';
export {
  applyCalibrator,
  CalibratorSchema,
  calibrateAll,
  fitCalibrator,
  parseCalibrator,
} from './calibrator.ts';
export type { IsotonicCalibrator } from './isotonic.ts';
export { applyIsotonic, DEFAULT_ISOTONIC_FLOOR, fitIsotonic, poolAdjacentViolators } from './isotonic.ts';
export type { PlattCalibrator } from './platt.ts';
export { applyPlatt, fitPlatt } from './platt.ts';
export type { ScoreBand } from './score-bands.ts';
export {
  DEFAULT_SCORE_BANDS,
  ScoreBandsSchema,
  scoreAndTier,
  tierFor,
  toScore0to100,
  validateScoreBands,
} from './score-bands.ts';
