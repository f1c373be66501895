import { z } from 'zod';
import { propertiesSchema } from './properties.ts';
import { sourceRefSchema } from './source-ref.ts';
import { isoInstant } from './timestamps.ts';

/** Activity kinds the scoring features understand. Providers' own names map onto these. */
export const eventTypes = [
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
export const eventTypeSchema = z.enum(eventTypes);
export type EventType = z.infer<typeof eventTypeSchema>;

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
}
