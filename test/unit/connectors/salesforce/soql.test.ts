import { describe, expect, it } from 'vitest';
import { compareCursors, laterCursor, parseStampCursor } from '../../../../connectors/salesforce/cursor.ts';
import { incrementalSoql, soqlDateTime } from '../../../../connectors/salesforce/soql.ts';

describe('incremental SOQL', () => {
  const cursor = { stamp: '2026-03-01T10:00:00.000Z', lastId: '0038D0000000042AAA' };

  it('starts from the beginning, or from startDate, ordered by (SystemModstamp, Id)', () => {
    expect(incrementalSoql('Contact', ['Id', 'Email'], null, { lookbackSeconds: 0 })).toBe(
      'SELECT Id, Email FROM Contact ORDER BY SystemModstamp ASC, Id ASC',
    );
    expect(
      incrementalSoql('Contact', ['Id'], null, {
        lookbackSeconds: 0,
        startDate: '2025-01-01T00:00:00+01:00',
      }),
    ).toBe(
      'SELECT Id FROM Contact WHERE SystemModstamp >= 2024-12-31T23:00:00Z ORDER BY SystemModstamp ASC, Id ASC',
    );
  });

  it('resumes strictly after the cursor, inside its second', () => {
    expect(incrementalSoql('Task', ['Id'], cursor, { lookbackSeconds: 0 })).toBe(
      "SELECT Id FROM Task WHERE (SystemModstamp > 2026-03-01T10:00:00Z OR (SystemModstamp = 2026-03-01T10:00:00Z AND Id > '0038D0000000042AAA')) ORDER BY SystemModstamp ASC, Id ASC",
    );
    expect(incrementalSoql('Task', ['Id'], cursor, { lookbackSeconds: 300 })).toContain(
      'WHERE SystemModstamp >= 2026-03-01T09:55:00Z ORDER BY',
    );
    expect(soqlDateTime('2026-03-01T10:00:00.250Z')).toBe('2026-03-01T10:00:00.250Z');
  });

  it('never moves a cursor backwards and refuses a foreign one', () => {
    const earlier = { stamp: cursor.stamp, lastId: '0038D0000000041AAA' };
    expect(compareCursors(earlier, cursor)).toBeLessThan(0);
    expect(laterCursor(cursor, earlier)).toBe(cursor);
    expect(laterCursor(null, earlier)).toBe(earlier);
    expect(() => parseStampCursor({ offset: 10 }, 'salesforce.tasks')).toThrow(
      /salesforce.tasks: .*scorebridge sync --full/,
    );
  });
});
