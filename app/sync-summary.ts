import { formatRejection } from '../core/connectors/format-rejection.ts';
import type { QuarantinedRecord } from '../core/store/canonical-store.ts';
import type { StreamSyncResult } from '../core/sync/run-sync.ts';
import { formatTable } from './table.ts';

export function formatSyncResults(results: readonly StreamSyncResult[]): string {
  const rows = results.map((r) => [
    r.stream,
    r.status,
    r.inserted,
    r.updated,
    r.unchanged,
    r.rejected,
    r.merges,
    r.seconds,
  ]);
  return formatTable(
    ['stream', 'status', 'inserted', 'updated', 'unchanged', 'rejected', 'merges', 'seconds'],
    rows,
  );
}

/**
 * "accounts.csv:57 column 'mrr': expected a number" lines, so the person can open the file at the row.
 * `forEventType` counts rows earlier versions rejected for an event name outside the well-known
 * list: those import now, once the source is read again.
 */
export function formatQuarantine(
  records: readonly QuarantinedRecord[],
  total: number,
  forEventType = 0,
): string {
  if (total === 0) return 'No rows were quarantined.';
  const lines = records.map((record) => `  ${formatRejection(record)}`);
  const more =
    total > records.length
      ? `\n  ... and ${total - records.length} more (scorebridge status --quarantine)`
      : '';
  const eventTypes =
    forEventType > 0
      ? `\n${forEventType} of them ${forEventType === 1 ? 'was' : 'were'} rejected for an event type outside the ` +
        'well-known names. Events keep their own names now: scorebridge sync --full reads the sources ' +
        'again and imports them (these quarantine entries stay, as a record).'
      : '';
  return `${total} rows quarantined (kept in the store with their reason; the rest was imported):\n${lines.join('\n')}${more}${eventTypes}`;
}
