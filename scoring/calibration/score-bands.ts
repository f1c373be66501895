import { z } from 'zod';

/** Probability -> integer score 0..100, the scale sales and marketing read. */
export function toScore0to100(probability: number): number {
  if (!Number.isFinite(probability))
    throw new RangeError(`toScore0to100: probability must be finite, got ${probability}`);
  return Math.min(100, Math.max(0, Math.round(probability * 100)));
}

export interface ScoreBand {
  readonly name: string;
  /** Inclusive lower bound, integer 0..100. */
  readonly min: number;
  /** Inclusive upper bound, integer 0..100. */
  readonly max: number;
}

/** The retention playbook's tiers: automated, semi-automated, human intervention. */
export const DEFAULT_SCORE_BANDS: readonly ScoreBand[] = [
  { name: 'low', min: 0, max: 40 },
  { name: 'medium', min: 41, max: 70 },
  { name: 'high', min: 71, max: 100 },
];

const score = z.number().int().min(0).max(100);

export const ScoreBandsSchema = z
  .array(z.object({ name: z.string().min(1), min: score, max: score }))
  .min(1)
  .superRefine((bands, ctx) => {
    const names = new Set<string>();
    bands.forEach((band, i) => {
      if (band.min > band.max) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `band '${band.name}' has min ${band.min} > max ${band.max}`,
        });
      }
      if (names.has(band.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `band name '${band.name}' is repeated` });
      names.add(band.name);
      const previous = bands[i - 1];
      if (i === 0 && band.min !== 0) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'min'],
          message: `first band '${band.name}' must start at 0, starts at ${band.min}`,
        });
      }
      if (previous && band.min !== previous.max + 1) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'min'],
          message: `band '${band.name}' must start at ${previous.max + 1} (right after '${previous.name}' ends at ${previous.max}), starts at ${band.min}`,
        });
      }
      if (i === bands.length - 1 && band.max !== 100) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'max'],
          message: `last band '${band.name}' must end at 100, ends at ${band.max}`,
        });
      }
    });
  });

/** Checks that bands are ordered, contiguous and cover 0..100; the error names the band at fault. */
export function validateScoreBands(input: unknown): ScoreBand[] {
  const result = ScoreBandsSchema.safeParse(input);
  if (!result.success) {
    const messages = result.error.issues.map((issue) => `bands[${issue.path.join('.')}]: ${issue.message}`);
    throw new Error(`invalid score bands: ${messages.join('; ')}`);
  }
  return result.data;
}

/** Name of the band holding an integer score 0..100. */
export function tierFor(score0to100: number, bands: readonly ScoreBand[] = DEFAULT_SCORE_BANDS): string {
  const band = bands.find((b) => score0to100 >= b.min && score0to100 <= b.max);
  if (!band) throw new RangeError(`tierFor: score ${score0to100} is outside every band (0..100 expected)`);
  return band.name;
}

/** Probability -> { score, tier } in one step. */
export function scoreAndTier(
  probability: number,
  bands: readonly ScoreBand[] = DEFAULT_SCORE_BANDS,
): { score: number; tier: string } {
  const s = toScore0to100(probability);
  return { score: s, tier: tierFor(s, bands) };
}
