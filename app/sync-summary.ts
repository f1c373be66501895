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

/** "accounts.csv:57 column 'mrr': expected a number" lines, so the person can open the file at the row. */
export function formatQuarantine(records: readonly QuarantinedRecord[], total: number): string {
  if (total === 0) return 'No rows were quarantined.';
  const lines = records.map((record) => `  ${formatRejection(record)}`);
  const more =
    total > records.length
      ? `\n  ... and ${total - records.length} more (scorebridge status --quarantine)`
      : '';
  return `${total} rows quarantined (kept in the store with their reason; the rest was imported):\n${lines.join('\n')}${more}`;
}
