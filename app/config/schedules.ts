import { z } from 'zod';
import { cronExpression } from '../../core/config/cron-expression.ts';
import { closest } from '../../core/config/index.ts';

export { cronExpression };

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
