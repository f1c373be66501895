import { z } from 'zod';
import type { ScoreBand } from '../../scoring/calibration/score-bands.ts';

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
    'Tier name -> [lowest, highest] score (0..100, inclusive). Bands must cover 0..100 without gaps.',
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
});

export const DEFAULT_MODELS: Readonly<Record<string, z.input<typeof modelConfigSchema>>> = {
  lead_score: { kind: 'lead', entity: 'contact', horizonDays: 90, enabled: true },
  churn_risk: { kind: 'churn', entity: 'account', horizonDays: 90, enabled: true },
  lifetime_value: { kind: 'ltv', entity: 'account', horizonDays: 365, enabled: true },
  next_best_action: { kind: 'nba', entity: 'contact', horizonDays: 30, enabled: true },
};

export const scoringSchema = z
  .strictObject({
    tiers: tiersSchema,
    models: z
      .record(
        z.string().regex(LOWER_SNAKE, 'model names are lower snake case, like "churn_risk"'),
        modelConfigSchema,
      )
      .prefault({ ...DEFAULT_MODELS })
      .describe('Model name -> what it predicts. Listing models replaces the defaults.'),
  })
  .prefault({});

export type ScoringConfig = z.output<typeof scoringSchema>;
export type ModelConfig = z.output<typeof modelConfigSchema>;
