/**
 * Adapter for the Hillstrom MineThatData e-mail experiment (2008), the public randomised
 * test the NBA code is validated on: 64,000 customers assigned 1/3 each to a Mens e-mail, a
 * Womens e-mail or no e-mail. Turns the CSV into an action catalog, a decision log with the
 * known logging propensity 1/3, and a feature spec for the T-learner.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { FeatureSpec } from './t-learner.ts';
import type { Action, LoggedDecision } from './types.ts';

const ZIP_CODES = ['Urban', 'Surburban', 'Rural'] as const;
const CHANNELS = ['Phone', 'Web', 'Multichannel'] as const;
const SEGMENT_TO_ACTION = {
  'No E-Mail': 'no-email',
  'Mens E-Mail': 'mens-email',
  'Womens E-Mail': 'womens-email',
};

export interface HillstromCustomer {
  readonly recency: number;
  readonly history: number;
  readonly mens: number;
  readonly womens: number;
  readonly zipCode: (typeof ZIP_CODES)[number];
  readonly newbie: number;
  readonly channel: (typeof CHANNELS)[number];
}

export type HillstromOutcome = 'visit' | 'conversion' | 'spend';

const flag = z.coerce.number().int().min(0).max(1);
const rowSchema = z.object({
  recency: z.coerce.number().int().positive(),
  history: z.coerce.number().finite().nonnegative(),
  mens: flag,
  womens: flag,
  zip_code: z.enum(ZIP_CODES),
  newbie: flag,
  channel: z.enum(CHANNELS),
  segment: z.enum(['No E-Mail', 'Mens E-Mail', 'Womens E-Mail']),
  visit: flag,
  conversion: flag,
  spend: z.coerce.number().finite().nonnegative(),
});

/** Catalog of the experiment's arms, control first. */
export function hillstromCatalog(): Action<HillstromCustomer>[] {
  return [
    { id: 'no-email', label: 'No e-mail' },
    { id: 'mens-email', label: "Men's merchandise e-mail" },
    { id: 'womens-email', label: "Women's merchandise e-mail" },
  ];
}

export const hillstromFeatures: FeatureSpec<HillstromCustomer> = {
  featureNames: ['recency', 'history', 'mens', 'womens', 'newbie', 'zip_code', 'channel'],
  categorical: [false, false, false, false, false, true, true],
  toRow: (c) => [
    c.recency,
    c.history,
    c.mens,
    c.womens,
    c.newbie,
    ZIP_CODES.indexOf(c.zipCode),
    CHANNELS.indexOf(c.channel),
  ],
};

export function parseHillstromLog(
  csvText: string,
  source: string,
  outcome: HillstromOutcome = 'visit',
): LoggedDecision<HillstromCustomer>[] {
  const records = parse(csvText, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((record, index) => {
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // Line index + 2: one header line, and lines are 1-based.
      throw new Error(`${source}:${index + 2}: column ${issue?.path.join('.')}: ${issue?.message}`);
    }
    const r = parsed.data;
    return {
      context: {
        recency: r.recency,
        history: r.history,
        mens: r.mens,
        womens: r.womens,
        zipCode: r.zip_code,
        newbie: r.newbie,
        channel: r.channel,
      },
      action: SEGMENT_TO_ACTION[r.segment],
      propensity: 1 / 3,
      reward: r[outcome],
    };
  });
}
