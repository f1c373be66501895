import { z } from 'zod';
import type { Cursor } from '../../../core/connectors/source.ts';

/**
 * Progress through one HubSpot object type within one sync window.
 *
 * - `archived`: sweeping the recycle bin (`archived=true` list, `after` paging) for records
 *   archived inside the window; always first, so a merge seen later wins over the plain delete.
 * - `full`: first sync, listing every record (`after` paging; no 10k cap on lists).
 * - `incremental`: searching `[windowStart, windowEnd]` on the last-modified property, sorted by
 *   hs_object_id, restarting every page with `hs_object_id > lastId`.
 * - `complete`: the window is done; the next sync opens [windowEnd - look-back, now].
 *
 * `windowEnd` is frozen when a window opens, so records modified while it is read fall into the next
 * window instead of moving the goalposts (airbytehq/airbyte#43317).
 */
export const objectCursorSchema = z.strictObject({
  phase: z.enum(['archived', 'full', 'incremental', 'complete']),
  windowStart: z.string().nullable(),
  windowEnd: z.string(),
  after: z.string().nullable(),
  lastId: z.string().nullable(),
});
export type ObjectCursor = z.infer<typeof objectCursorSchema>;

export const streamCursorSchema = z.strictObject({
  version: z.literal(1),
  objects: z.record(z.string(), objectCursorSchema),
});
export type StreamCursor = z.infer<typeof streamCursorSchema>;

/** The stored cursor if it is ours and readable; null starts the stream over (a full sync). */
export function parseStreamCursor(cursor: Cursor | null): StreamCursor | null {
  if (cursor === null) return null;
  const parsed = streamCursorSchema.safeParse(cursor);
  return parsed.success ? parsed.data : null;
}

/** Where one object type starts this read: resume an unfinished window, or open the next one. */
export function openWindow(previous: ObjectCursor | undefined, now: Date, lookbackMs: number): ObjectCursor {
  const windowEnd = now.toISOString();
  if (!previous) return { phase: 'archived', windowStart: null, windowEnd, after: null, lastId: null };
  if (previous.phase !== 'complete') return previous;
  const start = Date.parse(previous.windowEnd) - lookbackMs;
  return {
    phase: 'archived',
    windowStart: new Date(start).toISOString(),
    windowEnd,
    after: null,
    lastId: null,
  };
}
