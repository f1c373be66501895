import { describe, expect, it } from 'vitest';
import { formatImportSummary, ImportSummaryBuilder } from '../../../../connectors/file/import-summary.ts';
import type { SourceBatch } from '../../../../core/connectors/source.ts';

const rejection = (line: number) => ({
  location: { file: 'events.csv', line, column: 'value' },
  reason: `line ${line}, column 'value': expected a number, got 'x'`,
  raw: `e${line},x`,
});

function batch(stream: string, records: number, rejectedLines: number[]): SourceBatch {
  const record = {
    kind: 'event' as const,
    ref: { system: 'files', objectType: 'events', externalId: 'e' },
    type: 'login' as const,
    occurredAt: '2025-01-01T00:00:00.000Z',
    deleted: false,
    properties: {},
  };
  return {
    stream,
    records: Array.from({ length: records }, () => record),
    rejected: rejectedLines.map(rejection),
    cursor: null,
  };
}

describe('import summary', () => {
  it('counts accepted and rejected rows per stream, keeps the first rejections and formats them with file:line', () => {
    const builder = new ImportSummaryBuilder({ keepRejections: 2 });
    builder.add(batch('events', 5000, [57, 90]), {
      inserted: 4000,
      updated: 0,
      unchanged: 1000,
      rejected: 2,
      merges: 0,
    });
    builder.add(batch('events', 1200, [7001]));
    builder.add(batch('contacts', 10, []), {
      inserted: 10,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      merges: 0,
    });
    const summary = builder.summary();
    expect(summary).toMatchObject({ accepted: 6210, rejected: 3 });
    expect(summary.streams[0]).toMatchObject({
      stream: 'events',
      accepted: 6200,
      rejected: 3,
      inserted: 4000,
      unchanged: 1000,
    });
    expect(summary.streams[0]!.rejections.map((item) => item.location.line)).toEqual([57, 90]);
    expect(formatImportSummary(summary, { maxRejections: 1 })).toBe(
      [
        'events: 6,200 accepted, 3 rejected (inserted 4,000, unchanged 1,000)',
        "  events.csv:57: column 'value': expected a number, got 'x'",
        '  ...and 2 more rejected rows',
        'contacts: 10 accepted, 0 rejected (inserted 10)',
        'Total: 6,210 accepted, 3 rejected',
      ].join('\n'),
    );
  });
});
