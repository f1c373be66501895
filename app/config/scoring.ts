import { z } from 'zod';
import type { EntityType } from '../../core/schema/index.ts';
import type { ScoreBand } from '../../scoring/calibration/score-bands.ts';
import { type FeatureAdditions, featureSetFor } from '../../scoring/features/feature-set.ts';
import { FeaturePlanError } from '../../scoring/features/plan/lower.ts';
import { eventVocabularySchema, featureMapSchema } from '../../scoring/features/vocabulary/schema.ts';
import { percentileTierRule, scoreTierRule, type TierRule } from '../../scoring/tiers/tier-rule.ts';

const LOWER_SNAKE = /^[a-z][a-z0-9_]*$/;
const score = z.number().int().min(0).max(100);

export const DEFAULT_TIERS: Readonly<Record<string, readonly [number, number]>> = {
  low: [0, 40],
  medium: [41, 70],
  high: [71, 100],
};

/** Checks the bands tile 0..100 exactly; each message names the tier to edit and the number it needs. */
function checkContiguous(tiers: Record<string, readonly [number, number]>, ctx: z.RefinementCtx): void {
  const bands = Object.entries(tiers)
    .map(([name, [min, max]]) => ({ name, min, max }))
    .sort((a, b) => a.min - b.min || a.max - b.max);
  if (bands.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: 'declare at least one tier',
      params: { hint: 'e.g. low: [0, 40]' },
    });
    return;
  }
  bands.forEach((band, index) => {
    const previous = bands[index - 1];
    if (band.min > band.max) {
      ctx.addIssue({
        code: 'custom',
        path: [band.name],
        message: `tier '${band.name}' starts at ${band.min}, after its end ${band.max}`,
      });
    } else if (!previous && band.min !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: [band.name],
        message: `lowest tier '${band.name}' must start at 0, starts at ${band.min}`,
      });
    } else if (previous && band.min !== previous.max + 1) {
      const relation = band.min <= previous.max ? 'overlaps' : 'leaves a gap after';
      ctx.addIssue({
        code: 'custom',
        path: [band.name],
        message: `tier '${band.name}' ${relation} '${previous.name}' (${previous.min}-${previous.max})`,
        params: { hint: `start '${band.name}' at ${previous.max + 1}` },
      });
    }
  });
  const top = bands[bands.length - 1]!;
  if (top.max !== 100) {
    ctx.addIssue({
      code: 'custom',
      path: [top.name],
      message: `highest tier '${top.name}' must end at 100, ends at ${top.max}`,
    });
  }
}

export const tiersSchema = z
  .record(
    z.string().regex(LOWER_SNAKE, 'tier names are lower snake case, like "high"'),
    z.tuple([score, score]),
  )
  .superRefine(checkContiguous)
  .transform((tiers): ScoreBand[] =>
    Object.entries(tiers)
      .map(([name, [min, max]]) => ({ name, min, max }))
      .sort((a, b) => a.min - b.min),
  )
  .prefault({ ...DEFAULT_TIERS } as Record<string, [number, number]>)
  .describe(
    'Tier name -> [lowest, highest] score (0..100, inclusive). Bands must cover 0..100 without gaps. Every model uses them unless its own `tiers` (by score or by percentile) says otherwise.',
  );

const SHARE_TOLERANCE = 1e-9;
const share = z.number().min(0).max(100);
const band = z.tuple([score, score]);

/** Shares must leave room for each other: high + medium within 100, and low (when given) the rest. */
function checkShares(
  tiers: { high: number; medium: number; low?: number | undefined },
  ctx: z.RefinementCtx,
) {
  const upper = tiers.high + tiers.medium;
  if (upper > 100 + SHARE_TOLERANCE) {
    ctx.addIssue({
      code: 'custom',
      path: ['medium'],
      message: `high (${tiers.high} %) and medium (${tiers.medium} %) add up to ${upper} %, over 100 %`,
      params: { hint: `lower medium to at most ${100 - tiers.high}` },
    });
    return;
  }
  if (tiers.low !== undefined && Math.abs(upper + tiers.low - 100) > SHARE_TOLERANCE) {
    ctx.addIssue({
      code: 'custom',
      path: ['low'],
      message: `the shares add up to ${upper + tiers.low} %, not 100 %`,
      params: { hint: `low takes the rest: ${100 - upper} (or leave low out)` },
    });
  }
}

const percentileTiersSchema = z
  .strictObject({
    by: z.literal('percentile'),
    high: share.describe('Percent of the scored population, from the highest score down, that is high.'),
    medium: share.describe('Percent right below high that is medium.'),
    low: share.optional().describe('The rest; when given, the three shares must add up to 100.'),
  })
  .superRefine(checkShares);

const scoreTiersSchema = z
  .strictObject({
    by: z.literal('score'),
    low: band.describe('[lowest, highest] score, inclusive.'),
    medium: band.describe('[lowest, highest] score, inclusive.'),
    high: band.describe('[lowest, highest] score, inclusive.'),
  })
  .superRefine((tiers, ctx) =>
    checkContiguous({ low: tiers.low, medium: tiers.medium, high: tiers.high }, ctx),
  );

/**
 * One model's tiers. `by: percentile` hands out shares of the scored population from the highest
 * score down (e.g. high: 10, medium: 30: top 10 % high, next 30 % medium, the rest low), so coverage
 * stays put whatever the scores' level; `by: score` fixes bands on the 0–100 score.
 */
export const modelTiersSchema = z
  .discriminatedUnion('by', [percentileTiersSchema, scoreTiersSchema])
  .transform(
    (tiers): TierRule =>
      tiers.by === 'percentile'
        ? percentileTierRule(tiers.high, tiers.medium)
        : scoreTierRule([
            { name: 'low', min: tiers.low[0], max: tiers.low[1] },
            { name: 'medium', min: tiers.medium[0], max: tiers.medium[1] },
            { name: 'high', min: tiers.high[0], max: tiers.high[1] },
          ]),
  )
  .describe(
    "This model's tiers, instead of scoring.tiers: { by: percentile, high: 10, medium: 30 } (top 10 % high, next 30 % medium, the rest low) or { by: score, low: [0, 40], medium: [41, 70], high: [71, 100] }.",
  );

export const modelKinds = ['lead', 'churn', 'ltv', 'nba'] as const;
export const modelEntities = ['contact', 'account'] as const;

export const modelConfigSchema = z.strictObject({
  kind: z
    .enum(modelKinds)
    .describe('lead: conversion, churn: churn risk, ltv: lifetime value, nba: next best action.'),
  entity: z.enum(modelEntities).describe('What is scored.'),
  horizonDays: z.number().int().min(1).max(3650).default(90).describe('Prediction window in days.'),
  enabled: z.boolean().default(true),
  tiers: modelTiersSchema.optional(),
});

export const DEFAULT_MODELS: Readonly<Record<string, z.input<typeof modelConfigSchema>>> = {
  lead_score: { kind: 'lead', entity: 'contact', horizonDays: 90, enabled: true },
  churn_risk: { kind: 'churn', entity: 'account', horizonDays: 90, enabled: true },
  lifetime_value: { kind: 'ltv', entity: 'account', horizonDays: 365, enabled: true },
  next_best_action: { kind: 'nba', entity: 'contact', horizonDays: 30, enabled: true },
};

/**
 * Lowers the user's features with the built-in catalog, so a definition that cannot be computed
 * (an unknown attribute, a ratio of a category, a trend without windows) is a located config error.
 */
function checkFeatures(
  scoring: {
    events: z.output<typeof eventVocabularySchema>;
    features: Record<EntityType, z.output<typeof featureMapSchema>>;
  },
  ctx: z.RefinementCtx,
): void {
  for (const entityType of ['contact', 'account'] as const) {
    const definitions = scoring.features[entityType];
    if (Object.keys(definitions).length === 0 && Object.keys(scoring.events.aliases).length === 0) continue;
    try {
      featureSetFor(entityType, { vocabulary: scoring.events, definitions });
    } catch (error) {
      if (!(error instanceof FeaturePlanError)) throw error;
      for (const issue of error.issues) {
        const [name] = issue.path;
        // Built-in features only fail when a user definition they depend on is broken.
        const own = typeof name === 'string' && Object.hasOwn(definitions, name);
        ctx.addIssue({
          code: 'custom',
          path: own ? ['features', entityType, ...issue.path] : ['features', entityType],
          message: issue.message,
          ...(issue.hint ? { params: { hint: issue.hint } } : {}),
        });
      }
    }
  }
}

export const scoringSchema = z
  .strictObject({
    tiers: tiersSchema,
    events: eventVocabularySchema
      .prefault({})
      .describe(
        'Event names the features read: aliases (a well-known name -> your own names), groups of names, and where a property may be found.',
      ),
    features: z
      .strictObject({
        contact: featureMapSchema
          .default({})
          .describe('Features of a person, added to the built-in catalog.'),
        account: featureMapSchema
          .default({})
          .describe('Features of a company, added to the built-in catalog.'),
      })
      .prefault({})
      .describe('Your own features, in the vocabulary of scoring/features/catalog/*.yaml.'),
    featureFiles: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'More feature files (events + features, same keys), relative to this file: discovered features, or one file per topic.',
      ),
    models: z
      .record(
        z.string().regex(LOWER_SNAKE, 'model names are lower snake case, like "churn_risk"'),
        modelConfigSchema,
      )
      .prefault({ ...DEFAULT_MODELS })
      .describe('Model name -> what it predicts. Listing models replaces the defaults.'),
  })
  .superRefine(checkFeatures)
  .prefault({});

export type ScoringConfig = z.output<typeof scoringSchema>;
export type ModelConfig = z.output<typeof modelConfigSchema>;

/**
 * The config's feature additions by entity type, as training and discovery take them; `origins`
 * (from loading the feature files) says where each was written, and is kept with trained models.
 */
export function featureAdditions(
  scoring: ScoringConfig,
  origins?: Readonly<Record<EntityType, Readonly<Record<string, string>>>>,
): Partial<Record<EntityType, FeatureAdditions>> {
  const out: Partial<Record<EntityType, FeatureAdditions>> = {};
  for (const entityType of ['contact', 'account'] as const) {
    const definitions = scoring.features[entityType];
    const hasAliases = Object.keys(scoring.events.aliases).length > 0;
    const hasVocabulary =
      hasAliases ||
      Object.keys(scoring.events.groups).length + Object.keys(scoring.events.properties).length > 0;
    if (Object.keys(definitions).length === 0 && !hasVocabulary) continue;
    out[entityType] = {
      definitions,
      vocabulary: scoring.events,
      ...(origins ? { origins: origins[entityType] } : {}),
    };
  }
  return out;
}
