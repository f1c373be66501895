/** Batch scoring: every entity page by page, scores with reasons written through `saveScores`. */
export type { ScoreAllOptions, ScoredSpec } from './score-all.ts';
export { scoreAll } from './score-all.ts';
export type { BatchScoreOptions, BatchScoreResult, ModelRef } from './score-binary.ts';
export { scoreBinaryModel } from './score-binary.ts';
export type { LtvScoreResult } from './score-ltv.ts';
export { scoreLtvModel } from './score-ltv.ts';
export type { NbaScoreResult } from './score-nba.ts';
export { scoreNbaModel } from './score-nba.ts';
