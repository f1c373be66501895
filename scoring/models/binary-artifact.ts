import { z } from 'zod';
import { type Calibrator, parseCalibrator } from '../calibration/calibrator.ts';
import { DEFAULT_SCORE_BANDS, type ScoreBand, ScoreBandsSchema } from '../calibration/score-bands.ts';
import { type PsiReference, PsiReferenceSchema } from '../drift/psi.ts';
import { type CategoryDictionary, categoryDictionarySchema } from '../features/dictionary.ts';
import { type FeatureSpec, featureSpecSchema } from '../features/feature-set.ts';
import { type FittedLearner, learnerFromJson, learnerToJson } from './fitted-learner.ts';

export const BINARY_MODEL_FORMAT = 'scorebridge.binary-model';
export const BINARY_MODEL_VERSION = 1;

/**
 * Everything needed to score with a lead or churn model, as one JSON document: the learner, the
 * calibrator fitted on held-out rows, the category dictionary, the tier bands and the drift
 * baselines. Features are recomputed from the store by the stored feature definitions.
 */
export interface BinaryModelArtifact {
  readonly kind: 'lead' | 'churn';
  readonly entityType: 'contact' | 'account';
  readonly horizonDays: number;
  readonly featureSet: string;
  /** The feature definitions the model was trained on (absent in models trained before they were stored). */
  readonly featureSpec?: FeatureSpec;
  readonly featureNames: readonly string[];
  readonly dictionary: CategoryDictionary;
  readonly learner: FittedLearner;
  readonly calibrator: Calibrator;
  readonly bands: readonly ScoreBand[];
  readonly drift: { readonly features: readonly PsiReference[]; readonly score: PsiReference };
}

/** Tiers are stored on scores as low / medium / high, so bands must use exactly those names. */
export const tierBandsSchema = ScoreBandsSchema.refine(
  (bands) => bands.length === 3 && bands.map((b) => b.name).join(',') === 'low,medium,high',
  'score bands must be exactly low, medium, high in that order (e.g. 0-40, 41-70, 71-100)',
);

export function parseTierBands(input: unknown = DEFAULT_SCORE_BANDS): ScoreBand[] {
  const parsed = tierBandsSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(
      `invalid score tiers: ${parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

const artifactSchema = z.object({
  format: z.literal(BINARY_MODEL_FORMAT),
  version: z.literal(BINARY_MODEL_VERSION),
  kind: z.enum(['lead', 'churn']),
  entityType: z.enum(['contact', 'account']),
  horizonDays: z.number().int().positive(),
  featureSet: z.string(),
  featureSpec: featureSpecSchema.optional(),
  featureNames: z.array(z.string()),
  dictionary: categoryDictionarySchema,
  learner: z.unknown(),
  calibrator: z.unknown(),
  bands: z.unknown(),
  drift: z.object({ features: z.array(PsiReferenceSchema), score: PsiReferenceSchema }),
});

export function binaryArtifactToJson(artifact: BinaryModelArtifact): unknown {
  return {
    format: BINARY_MODEL_FORMAT,
    version: BINARY_MODEL_VERSION,
    ...artifact,
    learner: learnerToJson(artifact.learner),
  };
}

export function parseBinaryArtifact(json: unknown, where: string): BinaryModelArtifact {
  const parsed = artifactSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `${where}: not a ${BINARY_MODEL_FORMAT} v${BINARY_MODEL_VERSION} artifact\n${z.prettifyError(parsed.error)}`,
    );
  const doc = parsed.data;
  return {
    kind: doc.kind,
    entityType: doc.entityType,
    horizonDays: doc.horizonDays,
    featureSet: doc.featureSet,
    ...(doc.featureSpec ? { featureSpec: doc.featureSpec } : {}),
    featureNames: doc.featureNames,
    dictionary: doc.dictionary,
    learner: learnerFromJson(doc.learner, `${where}.learner`),
    calibrator: parseCalibrator(doc.calibrator),
    bands: parseTierBands(doc.bands),
    drift: doc.drift,
  };
}
