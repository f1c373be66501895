import { z } from 'zod';
import { DEFAULT_SCORE_BANDS } from '../calibration/score-bands.ts';
import type { CandidateParams } from '../eval/candidates.ts';

export const binaryTrainSettingsSchema = z.strictObject({
  horizonDays: z.number().int().min(1).max(3650).default(90),
  learner: z.enum(['auto', 'forest', 'boosting', 'logistic']).default('auto'),
  calibration: z.enum(['auto', 'isotonic', 'platt', 'none']).default('auto'),
  seed: z.number().int().default(42),
  spacingDays: z.number().int().min(1).max(365).default(30),
  maxTrainingCutoffs: z.number().int().min(2).max(60).default(8),
  calibrationCutoffs: z.number().int().min(1).max(10).default(2),
  maxHistoryDays: z.number().int().min(30).default(730),
  /**
   * Training cutoffs need this much history in the store before them: features such as "days since
   * the last login" or 90-day counts are truncated where the store's history begins.
   */
  minHistoryDays: z.number().int().min(0).default(90),
  /** Rows kept across all cutoffs at most; big stores are sampled by entity down to it. */
  maxRows: z.number().int().min(100).default(250_000),
  pageSize: z.number().int().min(1).max(10_000).default(500),
  bands: z
    .array(z.object({ name: z.string(), min: z.number(), max: z.number() }))
    .default([...DEFAULT_SCORE_BANDS]),
});
export type BinaryTrainSettings = z.output<typeof binaryTrainSettingsSchema>;

export type ProgressCallback = (task: string, done: number, total?: number) => void;

export interface BinaryTrainOptions extends z.input<typeof binaryTrainSettingsSchema> {
  readonly kind: 'lead' | 'churn';
  /** The instant the model is trained as of: no data after it is read. */
  readonly asOf: string | Date;
  /** Learner hyper-parameters, by learner. */
  readonly params?: CandidateParams;
  readonly onProgress?: ProgressCallback;
}

export function parseBinaryTrainSettings(
  options: BinaryTrainOptions & { readonly featureSet?: unknown },
): BinaryTrainSettings {
  const {
    kind: _kind,
    asOf: _asOf,
    params: _params,
    onProgress: _onProgress,
    featureSet: _set,
    ...settings
  } = options;
  const parsed = binaryTrainSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`,
    );
    throw new Error(`${options.kind} training options are invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}
