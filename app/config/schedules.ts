import { validate, validateDetailed } from 'node-cron';
import { z } from 'zod';
import { closest } from '../../core/config/index.ts';

const CRON_HELP =
  "fields are minute hour day-of-month month day-of-week (optionally seconds first), e.g. '*/15 * * * *' for every 15 minutes";

/** A node-cron expression; the error says which field is wrong and reminds the field order. */
export function cronExpression() {
  return z.string().superRefine((expression, ctx) => {
    if (validate(expression)) return;
    const details = validateDetailed(expression).errors.map((error) => error.message);
    ctx.addIssue({
      code: 'custom',
      message: `invalid cron expression '${expression}'`,
      params: { hint: [...details, CRON_HELP].join('; ') },
    });
  });
}

let zones: readonly string[] | undefined;

function knownTimeZones(): readonly string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone')];
  return zones;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone such as "Europe/Madrid"; a typo gets the closest real zone suggested. */
export function timeZone() {
  return z.string().superRefine((name, ctx) => {
    if (isTimeZone(name)) return;
    const suggestion = closest(name, knownTimeZones());
    const hint = suggestion
      ? `did you mean '${suggestion}'?`
      : "use an IANA name such as 'UTC' or 'Europe/Madrid'";
    ctx.addIssue({ code: 'custom', message: `unknown time zone '${name}'`, params: { hint } });
  });
}

export const schedulesSchema = z
  .strictObject({
    sync: cronExpression()
      .optional()
      .describe('When to pull every connector (cron). Absent: only on demand.'),
    score: cronExpression().optional().describe('When to recompute scores (cron). Absent: only on demand.'),
    workflows: cronExpression()
      .optional()
      .describe('When to evaluate workflows (cron). Absent: only on demand.'),
    timezone: timeZone().prefault('UTC').describe('IANA time zone the cron expressions are read in.'),
  })
  .prefault({});

export type SchedulesConfig = z.output<typeof schedulesSchema>;
