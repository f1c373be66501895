import { z } from 'zod';
import type { Cursor } from '../../../core/connectors/source.ts';

/** Position of an incremental read: the last (updated_at, id) committed, in keyset order. */
export const keysetCursorSchema = z.strictObject({
  version: z.literal(1),
  updatedAt: z.iso.datetime(),
  id: z.string(),
});
export type KeysetCursor = z.infer<typeof keysetCursorSchema>;

/** null for a first read or for a cursor another connector version wrote (the read then starts over). */
export function parseKeysetCursor(cursor: Cursor | null): KeysetCursor | null {
  const parsed = keysetCursorSchema.safeParse(cursor);
  return parsed.success ? parsed.data : null;
}

/**
 * Where the next read starts. With a look-back the window reopens `lookbackMs` before the cursor
 * (rows committed late with an older timestamp are read again; the store's upsert absorbs the
 * repeats); without one it resumes strictly after the last (updated_at, id).
 */
export function readStart(
  cursor: KeysetCursor | null,
  lookbackMs: number,
): { updatedAt: string; id: string } | null {
  if (!cursor) return null;
  if (lookbackMs === 0) return { updatedAt: cursor.updatedAt, id: cursor.id };
  return { updatedAt: new Date(Date.parse(cursor.updatedAt) - lookbackMs).toISOString(), id: '' };
}
