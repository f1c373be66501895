import { formatRejection } from '../../core/connectors/format-rejection.ts';
import type { RejectedRecord, SourceBatch } from '../../core/connectors/source.ts';
import type { BatchResult } from '../../core/store/canonical-store.ts';

/** What one stream's import did: rows accepted and rejected, the store's verdict, first rejections. */
export interface StreamImportSummary {
  readonly stream: string;
  readonly accepted: number;
  readonly rejected: number;
  /** Store outcomes, when the batches were applied to a store. */
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** The first rejections, in file order. */
  readonly rejections: readonly RejectedRecord[];
}

export interface ImportSummary {
  readonly streams: readonly StreamImportSummary[];
  readonly accepted: number;
  readonly rejected: number;
}

type MutableSummary = { -readonly [K in keyof StreamImportSummary]: StreamImportSummary[K] } & {
  rejections: RejectedRecord[];
};

/** Tallies batches as they are read (and applied), keeping only the first rejections of each stream. */
export class ImportSummaryBuilder {
  readonly #keepRejections: number;
  readonly #streams = new Map<string, MutableSummary>();

  constructor(options: { keepRejections?: number } = {}) {
    this.#keepRejections = options.keepRejections ?? 20;
  }

  add(batch: SourceBatch, result?: BatchResult): void {
    let summary = this.#streams.get(batch.stream);
    if (!summary) {
      summary = {
        stream: batch.stream,
        accepted: 0,
        rejected: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejections: [],
      };
      this.#streams.set(batch.stream, summary);
    }
    summary.accepted += batch.records.length;
    summary.rejected += batch.rejected.length;
    if (result) {
      summary.inserted += result.inserted;
      summary.updated += result.updated;
      summary.unchanged += result.unchanged;
    }
    for (const rejection of batch.rejected) {
      if (summary.rejections.length >= this.#keepRejections) break;
      summary.rejections.push(rejection);
    }
  }

  summary(): ImportSummary {
    const streams = [...this.#streams.values()].map((stream) => ({
      ...stream,
      rejections: [...stream.rejections],
    }));
    return {
      streams,
      accepted: streams.reduce((total, stream) => total + stream.accepted, 0),
      rejected: streams.reduce((total, stream) => total + stream.rejected, 0),
    };
  }
}

/**
 * Plain-text report, e.g.
 *   events: 999,998 accepted, 2 rejected (inserted 999,998)
 *     events.csv:57: column 'value': expected a number, got 'twelve'
 */
export function formatImportSummary(
  summary: ImportSummary,
  options: { maxRejections?: number } = {},
): string {
  const maxRejections = options.maxRejections ?? 10;
  const lines: string[] = [];
  for (const stream of summary.streams) {
    const outcomes = [
      ['inserted', stream.inserted],
      ['updated', stream.updated],
      ['unchanged', stream.unchanged],
    ]
      .filter(([, count]) => Number(count) > 0)
      .map(([label, count]) => `${label} ${formatCount(Number(count))}`);
    lines.push(
      `${stream.stream}: ${formatCount(stream.accepted)} accepted, ${formatCount(stream.rejected)} rejected` +
        (outcomes.length > 0 ? ` (${outcomes.join(', ')})` : ''),
    );
    const shown = stream.rejections.slice(0, maxRejections);
    for (const rejection of shown) lines.push(`  ${formatRejection(rejection)}`);
    const hidden = stream.rejected - shown.length;
    if (hidden > 0) lines.push(`  ...and ${formatCount(hidden)} more rejected row${hidden === 1 ? '' : 's'}`);
  }
  lines.push(`Total: ${formatCount(summary.accepted)} accepted, ${formatCount(summary.rejected)} rejected`);
  return lines.join('\n');
}

/** "events.csv:57: column 'value': expected a number, got 'twelve'" */
export { formatRejection };

function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
