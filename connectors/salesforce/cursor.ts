import type { Cursor } from '../../core/connectors/source.ts';
import { type StampCursor, stampCursorSchema } from './soql.ts';

/** Reads a stored cursor; a cursor this connector did not write is an error that says how to recover. */
export function parseStampCursor(cursor: Cursor | null, where: string): StampCursor | null {
  if (cursor === null) return null;
  const parsed = stampCursorSchema.safeParse(cursor);
  if (parsed.success) return parsed.data;
  throw new Error(
    `${where}: the stored checkpoint ${JSON.stringify(cursor)} is not a Salesforce cursor ({stamp, lastId}); ` +
      'run `scorebridge sync --full` for this stream to read it again from the beginning',
  );
}

/** Order of positions in a (SystemModstamp, Id) scan. */
export function compareCursors(a: StampCursor, b: StampCursor): number {
  const byStamp = Date.parse(a.stamp) - Date.parse(b.stamp);
  if (byStamp !== 0) return byStamp;
  return a.lastId < b.lastId ? -1 : a.lastId > b.lastId ? 1 : 0;
}

/** A cursor never moves backwards, even when a look-back window re-reads older rows. */
export function laterCursor(current: StampCursor | null, candidate: StampCursor): StampCursor {
  return current && compareCursors(current, candidate) > 0 ? current : candidate;
}
