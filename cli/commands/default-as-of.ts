import { defaultAsOf, readDataFreshness } from '../../app/safety/data-freshness.ts';
import type { Clock } from '../../core/clock.ts';
import type { SqliteCanonicalStore } from '../../core/store/sqlite/index.ts';

export interface ResolvedAsOf {
  readonly asOf: string;
  /** "given with --as-of", or why the default is this instant. */
  readonly reason: string;
}

/**
 * The as-of of a scoring command: the one given, else the end of the latest complete day of data in
 * the store (never the wall clock, which may be weeks past the data; see app/safety/data-freshness.ts).
 */
export function resolveAsOf(
  explicit: string | undefined,
  store: SqliteCanonicalStore,
  clock: Clock,
): ResolvedAsOf {
  if (explicit !== undefined) return { asOf: explicit, reason: 'given with --as-of' };
  const chosen = defaultAsOf(readDataFreshness(store.database, clock.now()));
  return { asOf: chosen.asOf, reason: `default: ${chosen.reason}` };
}

/** "as of 2026-11-01T00:00:00.000Z (default: the end of 2026-10-31, ...)". */
export function asOfWords(resolved: ResolvedAsOf): string {
  return `as of ${resolved.asOf} (${resolved.reason})`;
}
