import { z } from 'zod';

/**
 * Every instant in the canonical schema is an ISO-8601 string normalised to UTC with
 * milliseconds ("2026-01-02T03:04:05.000Z"). A single textual form sorts correctly in
 * SQLite and Postgres alike and survives JSON round trips without time-zone surprises.
 */
export const isoInstant = z.union([z.string(), z.date(), z.number()]).transform((input, ctx) => {
  const date = input instanceof Date ? input : new Date(input);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `not a valid date/time: ${JSON.stringify(input)}` });
    return z.NEVER;
  }
  return date.toISOString();
});

export type IsoInstant = string;

export function toIsoInstant(value: Date | number | string): IsoInstant {
  return isoInstant.parse(value);
}
