import { validate, validateDetailed } from 'node-cron';
import { z } from 'zod';

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
