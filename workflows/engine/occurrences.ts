import { z } from 'zod';
import { type EntityRef, entityKey, entityRefSchema } from './context.ts';

/**
 * Something that happened outside any one entity's facts and may start enrollments this tick:
 * a cron schedule firing (matched to a trigger by its cron text as written), a connector sync run,
 * or an inbound webhook delivery about one entity.
 */
export const occurrenceSchema = z.discriminatedUnion('on', [
  z.strictObject({ on: z.literal('schedule'), cron: z.string().min(1), firedAt: z.date() }),
  z.strictObject({ on: z.literal('after_sync'), connector: z.string().min(1), runId: z.string().min(1) }),
  z.strictObject({
    on: z.literal('webhook'),
    name: z.string().min(1),
    deliveryId: z.string().min(1),
    entity: entityRefSchema,
  }),
]);
export type Occurrence = z.output<typeof occurrenceSchema>;

export function parseOccurrences(input: readonly unknown[]): Occurrence[] {
  return input.map((candidate, index) => {
    const parsed = occurrenceSchema.safeParse(candidate);
    if (!parsed.success)
      throw new Error(`tick occurrences[${index}] is invalid: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
}

/** The tick's candidates plus every entity a webhook delivery names, each once, in first-seen order. */
export function withWebhookEntities(
  candidates: readonly EntityRef[],
  occurrences: readonly Occurrence[],
): EntityRef[] {
  const seen = new Set<string>();
  const all: EntityRef[] = [];
  const add = (entity: EntityRef) => {
    const key = entityKey(entity);
    if (seen.has(key)) return;
    seen.add(key);
    all.push(entity);
  };
  candidates.forEach(add);
  for (const occurrence of occurrences) if (occurrence.on === 'webhook') add(occurrence.entity);
  return all;
}
