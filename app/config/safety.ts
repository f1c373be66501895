import { z } from 'zod';

const HOUR_MS = 3_600_000;
const UNIT_MS: Readonly<Record<string, number>> = { h: HOUR_MS, d: 24 * HOUR_MS, w: 7 * 24 * HOUR_MS };
const DURATION = /^(\d+(?:\.\d+)?)\s*(h|d|w)$/;
const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;

/** "36h", "2d", "1w" -> milliseconds; "off" -> null (no limit). */
function duration() {
  return z
    .union([z.literal('off'), z.string().regex(DURATION, 'a duration such as "36h", "2d" or "1w"')])
    .transform((text): number | null => {
      if (text === 'off') return null;
      const [, amount, unit] = DURATION.exec(text)!;
      return Number(amount) * UNIT_MS[unit!]!;
    });
}

/** "20%" or 0.2 -> 0.2; "off" -> null (no limit). */
function share() {
  return z
    .union([
      z.literal('off'),
      z.number().min(0).max(1),
      z.string().regex(PERCENT, 'a share such as "20%" (or a number between 0 and 1)'),
    ])
    .transform((value, ctx): number | null => {
      if (value === 'off') return null;
      if (typeof value === 'number') return value;
      const percent = Number(PERCENT.exec(value)![1]);
      if (percent > 100) {
        ctx.addIssue({ code: 'custom', message: `a share is at most 100%, got ${value}` });
        return z.NEVER;
      }
      return percent / 100;
    });
}

/**
 * Gates every command that writes to a CRM, a warehouse or an inbox passes first (write-back,
 * publish, workflow runs, `run`). A gate that trips stops the write before anything is sent and
 * says why; `--force` proceeds anyway, `--dry-run` shows what would change.
 */
export const safetySchema = z
  .strictObject({
    maxDataAge: duration()
      .prefault('2d')
      .describe(
        'Refuse to write when the newest event in the store is older than this ("36h", "2d", "1w"; "off" for no limit). A sync that stopped delivering data would otherwise act on old scores.',
      ),
    maxTierChangeShare: share()
      .prefault('20%')
      .describe(
        'Hold a write when more than this share of a model\'s scored records changed tier since the last write to the same destination ("20%" or 0.2; "off" for no limit), as Census and Hightouch abort a sync that would change too many rows.',
      ),
    holdOnDriftAlert: z
      .boolean()
      .default(true)
      .describe(
        "Hold writes of a model whose last scoring run's score distribution drifted to 'alert' (PSI >= 0.25 against the population it was trained for).",
      ),
    holdOnUnpromotedModel: z
      .boolean()
      .default(true)
      .describe(
        'Hold writes of scores computed by a model version that is not the promoted one (retired, rejected or never promoted).',
      ),
  })
  .prefault({})
  .describe(
    'Gates before any write to a CRM, a warehouse or an inbox; `--force` passes them, `--dry-run` previews.',
  );

export type SafetyConfig = z.output<typeof safetySchema>;
