import { z } from 'zod';
import { propertiesSchema } from './properties.ts';
import { sourceRefSchema } from './source-ref.ts';
import { isoInstant } from './timestamps.ts';

/**
 * The event names the built-in features read. Events keep the name their source gives them; these
 * are the names connectors map their providers' own activity kinds onto (HubSpot engagements,
 * Salesforce tasks), and `scoring.events.aliases` counts other names as one of them.
 */
export const WELL_KNOWN_EVENT_TYPES = [
  'email_sent',
  'email_open',
  'email_click',
  'email_bounce',
  'email_reply',
  'email_unsubscribe',
  'page_view',
  'login',
  'feature_use',
  'support_ticket',
  'meeting',
  'call',
  'note',
  'task',
  'form_submit',
  'purchase',
  'subscription_change',
] as const;
export type WellKnownEventType = (typeof WELL_KNOWN_EVENT_TYPES)[number];
/** The same list under its earlier name. */
export const eventTypes = WELL_KNOWN_EVENT_TYPES;

const WELL_KNOWN = new Set<string>(WELL_KNOWN_EVENT_TYPES);
export function isWellKnownEventType(name: string): name is WellKnownEventType {
  return WELL_KNOWN.has(name);
}

export const MAX_EVENT_TYPE_LENGTH = 200;

/** An event's name as its source gives it ("login", "report_exported", "Seat Added"), trimmed. */
export const eventTypeSchema = z
  .string()
  .trim()
  .min(1, 'event type is empty')
  .max(MAX_EVENT_TYPE_LENGTH, `event type is longer than ${MAX_EVENT_TYPE_LENGTH} characters`)
  .refine(
    (name) => !/\p{Cc}/u.test(name),
    'event type contains a control character (a tab, line break or similar)',
  );
/** Any event name; `WellKnownEventType` where one of the well-known names is meant. */
export type EventType = string;

/**
 * Who an event is about. A source ref is exact; an e-mail address is resolved through identity
 * resolution, so an event can arrive before (or without) the contact record that explains it.
 */
export const eventSubjectSchema = z.strictObject({
  contact: sourceRefSchema.nullish(),
  contactEmail: z.string().trim().email().nullish(),
  account: sourceRefSchema.nullish(),
});

/** One activity as a source reports it. Events are immutable facts keyed by their source ref. */
export const sourceEventSchema = z.strictObject({
  kind: z.literal('event'),
  ref: sourceRefSchema,
  type: eventTypeSchema,
  occurredAt: isoInstant,
  ...eventSubjectSchema.shape,
  /** The event's magnitude where it has one: purchase amount, call minutes, usage count. */
  value: z.number().finite().nullish(),
  deleted: z.boolean().default(false),
  properties: propertiesSchema.default({}),
});
export type SourceEvent = z.infer<typeof sourceEventSchema>;
export type SourceEventInput = z.input<typeof sourceEventSchema>;

/** An event as read back from the store, with its subject resolved to canonical ids. */
export interface ResolvedEvent {
  readonly id: number;
  readonly type: EventType;
  readonly occurredAt: string;
  readonly contactId: string | null;
  readonly accountId: string | null;
  readonly value: number | null;
  readonly properties: Record<string, string | number | boolean | null>;
  readonly source: z.infer<typeof sourceRefSchema>;
  /** occurredAt in epoch milliseconds, when the reader already parsed it (features read it often). */
  readonly occurredMs?: number;
}
