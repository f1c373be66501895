/** Batch scoring: one feature query per entity type feeds every model; scores with reasons written through `saveScores`. */
export type { BatchScoreResult, LtvScoreResult, ModelRef, NbaScoreResult } from './batch-types.ts';
export { BinaryBatchScorer } from './binary-batch.ts';
export type { ScoreAllOptions, ScoredSpec } from './score-all.ts';
export { scoreAll, tierWords } from './score-all.ts';
