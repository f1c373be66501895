import { z } from 'zod';

/** One model's latest score for an entity, with the tier it had before that score. */
export const modelScoreSchema = z.strictObject({
  value: z.number(),
  tier: z.string().min(1),
  /** The score before the latest one; null when this is the first. A score_change enrolls when they differ. */
  previousValue: z.number().nullable().default(null),
  previousTier: z.string().min(1).nullable().default(null),
  /** When the latest score was computed; identifies the transition so it enrolls only once. */
  scoredAt: z.string().min(1),
  /** The instant the latest score describes (its data as-of); null when not recorded. */
  asOf: z.string().min(1).nullable().default(null),
});

export const entityRefSchema = z.strictObject({
  type: z.enum(['contact', 'account']),
  id: z.string().min(1),
});
export type EntityRef = z.output<typeof entityRefSchema>;

/** Everything the engine needs to know about one entity at one instant. */
/** Something that happened to the entity, for `event` triggers. */
export const entityEventSchema = z.strictObject({
  id: z.string().min(1),
  type: z.string().min(1),
  occurredAt: z.string().min(1),
});
export type EntityEvent = z.output<typeof entityEventSchema>;

export const entityContextSchema = z.strictObject({
  entity: entityRefSchema,
  /** Latest score per model name (the name a tier_change trigger uses). */
  scores: z.record(z.string(), modelScoreSchema).default({}),
  /** Exit facts such as reply, meeting_booked, unsubscribe, bounce: true when it happened. */
  facts: z.record(z.string(), z.boolean()).default({}),
  /** What audience and condition expressions read, e.g. { account: { status: "active" } }. */
  record: z.record(z.string(), z.unknown()).default({}),
  /** Recent events of the entity; the caller passes only those some event trigger may name. */
  events: z.array(entityEventSchema).default([]),
  email: z.string().min(1).optional(),
  timeZone: z.string().min(1).nullable().default(null),
  /** Earlier sends across workflows, for frequency caps. */
  sentMessages: z
    .array(
      z.strictObject({ sentAt: z.date(), category: z.string().min(1), sequenceId: z.string().optional() }),
    )
    .default([]),
});
export type EntityContext = z.output<typeof entityContextSchema>;
export type EntityContextInput = z.input<typeof entityContextSchema>;

export function entityKey(entity: EntityRef): string {
  return `${entity.type}:${entity.id}`;
}

/** Boundary check for what a caller's contextFor returned; the error names the entity to look at. */
export function parseEntityContext(input: unknown, where: string): EntityContext {
  const parsed = entityContextSchema.safeParse(input);
  if (!parsed.success)
    throw new Error(`entity context for ${where} is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
