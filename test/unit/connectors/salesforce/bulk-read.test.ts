import { describe, expect, it } from 'vitest';
import { describeVersions } from '../../../../connectors/salesforce/api-version.ts';
import { rowReader, stampWindows } from '../../../../connectors/salesforce/bulk-read.ts';
import { parseBulkCsv } from '../../../../connectors/salesforce/csv-text.ts';

describe('Salesforce Bulk read helpers', () => {
  it('cuts the stamp range into whole-second windows, the last one open-ended', () => {
    const first = Date.parse('2026-01-01T00:00:00.400Z');
    const end = Date.parse('2026-01-01T00:00:40Z');
    expect(stampWindows(first, end, 4)).toEqual([
      { from: null, to: '2026-01-01T00:00:10Z' },
      { from: '2026-01-01T00:00:10Z', to: '2026-01-01T00:00:20Z' },
      { from: '2026-01-01T00:00:20Z', to: '2026-01-01T00:00:30Z' },
      { from: '2026-01-01T00:00:30Z', to: null },
    ]);
    // Windows narrower than a second collapse instead of repeating a bound (no empty or duplicate jobs).
    expect(stampWindows(first, first + 1500, 4)).toEqual([
      { from: null, to: '2026-01-01T00:00:00Z' },
      { from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:00:01Z' },
      { from: '2026-01-01T00:00:01Z', to: null },
    ]);
  });

  it('types CSV cells the way a REST query returns them', () => {
    const types = new Map([
      ['isdeleted', 'boolean'],
      ['amount', 'currency'],
      ['name', 'string'],
      ['closedate', 'date'],
    ]);
    const read = rowReader(['IsDeleted', 'Amount', 'Name', 'CloseDate', 'Extra'], types);
    expect(read(['false', '12.5', '', '2026-03-01', 'x'])).toEqual({
      IsDeleted: false,
      Amount: 12.5,
      Name: null,
      CloseDate: '2026-03-01',
      Extra: 'x',
    });
    expect(read(['true', '', 'N', '', ''])).toMatchObject({ IsDeleted: true, Amount: null, CloseDate: null });
  });

  it('names served versions as a range when they are contiguous', () => {
    expect(describeVersions(['31.0', '32.0', '33.0'])).toBe('31.0 to 33.0');
    expect(describeVersions(['60.0', '62.0'])).toBe('60.0, 62.0');
  });
});

describe('Bulk API result CSV', () => {
  it('reads quoted and bare cells, doubled quotes, line breaks in quotes and CRLF', () => {
    expect(parseBulkCsv('"Id","Name","Note"\n"1","A, ""B""","x\ny"\n2,plain,\r\n3,,"z"')).toEqual({
      header: ['Id', 'Name', 'Note'],
      rows: [
        ['1', 'A, "B"', 'x\ny'],
        ['2', 'plain', ''],
        ['3', '', 'z'],
      ],
    });
    expect(parseBulkCsv('"Id"\n')).toEqual({ header: ['Id'], rows: [] });
    expect(() => parseBulkCsv('"Id"\n"open')).toThrow('unterminated quoted cell');
  });
});
