import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * Delivery policy as written in workflow YAML. Every default is a named export so
 * `scorebridge plan` can print what applies when a field is left out (no invisible defaults).
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** How a send that lands on a non-send day (weekend, holiday) is moved to the next send day. */
export const DEFERRAL_MODES = ['keep-time-of-day', 'window-start'] as const;
export type DeferralMode = (typeof DEFERRAL_MODES)[number];

export const DEFAULT_FALLBACK_TIME_ZONE = 'UTC';
export const DEFAULT_SEND_WINDOW = '09:00-17:00';
export const DEFAULT_QUIET_HOURS: readonly string[] = [];
export const DEFAULT_SEND_DAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
export const DEFAULT_BUSINESS_DAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
export const DEFAULT_HOLIDAY_CALENDARS: Readonly<Record<string, readonly string[]>> = {};
export const DEFAULT_APPLY_HOLIDAY_CALENDARS: readonly string[] = [];
/** HubSpot sequences behaviour: a Saturday 10:15 step goes out Monday 10:15. */
export const DEFAULT_DEFERRAL: DeferralMode = 'keep-time-of-day';

const TIME_OF_DAY = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

export const timeZoneSchema = z.string().refine(isValidTimeZone, {
  message: 'not an IANA time zone name; use a region name such as "Europe/Madrid" or "America/New_York"',
});

export const timeRangeSchema = z.string().superRefine((value, ctx) => {
  const [start, end, ...rest] = value.split('-');
  if (start === undefined || end === undefined || rest.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a time range; write it as "HH:MM-HH:MM", e.g. "09:00-17:00"`,
    });
    return;
  }
  for (const part of [start, end]) {
    if (!TIME_OF_DAY.test(part)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${part}" in "${value}" is not a 24-hour time "HH:MM" (00:00 to 24:00)`,
      });
      return;
    }
  }
  if (start === end) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is an empty range; start and end must differ` });
  }
});

export const isoDateSchema = z
  .string()
  .refine((value) => ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    message: 'not a calendar date; write it as "YYYY-MM-DD"',
  });

export const deliveryPolicySchema = z
  .strictObject({
    /** Zone used when the contact has no time zone or an invalid one. */
    fallbackTimeZone: timeZoneSchema.default(DEFAULT_FALLBACK_TIME_ZONE),
    /** Local send window; null means any time of day. Ranges may wrap midnight ("22:00-06:00"). */
    sendWindow: timeRangeSchema.nullable().default(DEFAULT_SEND_WINDOW),
    /** Local ranges inside which nothing is sent, even within the send window. */
    quietHours: z.array(timeRangeSchema).default(() => [...DEFAULT_QUIET_HOURS]),
    sendDays: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .default(() => [...DEFAULT_SEND_DAYS]),
    /** Days counted by business-day delays. */
    businessDays: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .default(() => [...DEFAULT_BUSINESS_DAYS]),
    /** Named lists of local dates, e.g. { es: ["2026-12-25"], us: ["2026-11-26"] }. */
    holidayCalendars: z
      .record(z.string().min(1), z.array(isoDateSchema))
      .default(() => ({ ...DEFAULT_HOLIDAY_CALENDARS }) as Record<string, string[]>),
    /** Which of holidayCalendars block sends and are skipped by business-day delays. */
    applyHolidayCalendars: z.array(z.string().min(1)).default(() => [...DEFAULT_APPLY_HOLIDAY_CALENDARS]),
    deferral: z.enum(DEFERRAL_MODES).default(DEFAULT_DEFERRAL),
  })
  .superRefine((policy, ctx) => {
    policy.applyHolidayCalendars.forEach((name, index) => {
      if (!(name in policy.holidayCalendars)) {
        const known = Object.keys(policy.holidayCalendars);
        ctx.addIssue({
          code: 'custom',
          path: ['applyHolidayCalendars', index],
          message: `holiday calendar "${name}" is not defined in holidayCalendars (defined: ${known.length ? known.join(', ') : 'none'})`,
        });
      }
    });
  });

export type DeliveryPolicy = z.output<typeof deliveryPolicySchema>;
export type DeliveryPolicyInput = z.input<typeof deliveryPolicySchema>;

export const DELIVERY_POLICY_DEFAULTS: DeliveryPolicy = deliveryPolicySchema.parse({});

export const delaySchema = z.strictObject({
  amount: z.number().min(0),
  unit: z.enum(['hours', 'days', 'business_days']),
});
export type Delay = z.output<typeof delaySchema>;

export const DEFAULT_FREQUENCY_CAP_CATEGORY = 'marketing';

export const frequencyCapSchema = z.strictObject({
  /** Sends of this category are counted across every sequence and workflow. */
  category: z.string().min(1).default(DEFAULT_FREQUENCY_CAP_CATEGORY),
  max: z.number().int().min(0),
  /** Rolling window (days are 24 h periods, as in HubSpot's rolling send limits). */
  within: z.strictObject({ amount: z.number().positive(), unit: z.enum(['hours', 'days']) }),
});
export type FrequencyCap = z.output<typeof frequencyCapSchema>;
