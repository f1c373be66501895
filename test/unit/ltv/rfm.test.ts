import { describe, expect, it } from 'vitest';
import { parseCdnowTransactions } from '../../../scoring/ltv/cdnow-format.ts';
import { buildRfmSummary, toUtcDay } from '../../../scoring/ltv/rfm.ts';

describe('buildRfmSummary', () => {
  const log = [
    { customerId: 'A', date: '1997-01-01', amount: 10 },
    { customerId: 'A', date: '19970101', amount: 5 }, // same day: merged into the first purchase
    { customerId: 'A', date: '1997-01-15', amount: 20 },
    { customerId: 'A', date: new Date(Date.UTC(1997, 0, 29, 23, 30)), amount: 40 },
    { customerId: 'A', date: '1997-02-20', amount: 7 }, // holdout
    { customerId: 'A', date: '1997-02-20', amount: 3 }, // holdout, same day
    { customerId: 'A', date: '1997-03-20', amount: 1000 }, // after holdout: ignored
    { customerId: 'B', date: '1997-01-22', amount: 12 },
    { customerId: 'C', date: '1997-02-10', amount: 99 }, // first purchase after calibration
  ];
  const rows = buildRfmSummary(log, { calibrationEnd: '1997-02-05', holdoutEnd: '1997-03-01' });

  it('keeps only customers whose first purchase is in calibration', () => {
    expect(rows.map((r) => r.customerId)).toEqual(['A', 'B']);
  });

  it('counts repeat purchase days and measures times in weeks', () => {
    const a = rows[0]!;
    expect(a.frequency).toBe(2);
    expect(a.purchaseDays).toBe(3);
    expect(a.recency).toBeCloseTo(4, 12); // Jan 1 -> Jan 29
    expect(a.age).toBeCloseTo(35 / 7, 12); // Jan 1 -> Feb 5
    expect(a.firstPurchaseValue).toBe(15);
    expect(a.calibrationValue).toBe(75);
    expect(a.monetaryValue).toBe(30); // (20 + 40) / 2, the first purchase excluded
    expect(a.holdoutPurchases).toBe(1);
    expect(a.holdoutValue).toBe(10);
  });

  it('gives one-time buyers frequency 0, recency 0 and monetary 0', () => {
    const b = rows[1]!;
    expect([b.frequency, b.recency, b.monetaryValue, b.holdoutPurchases]).toEqual([0, 0, 0, 0]);
    expect(b.age).toBeCloseTo(2, 12);
  });

  it('supports other time units', () => {
    const daily = buildRfmSummary(log, { calibrationEnd: '1997-02-05', timeUnitDays: 1 });
    expect(daily[0]!.recency).toBe(28);
    expect(daily[0]!.holdoutPurchases).toBe(0);
  });

  it('reports the bad transaction by index and field', () => {
    const bad = [...log, { customerId: 'D', date: '1997-13-45', amount: 1 }];
    expect(() => buildRfmSummary(bad, { calibrationEnd: '1997-02-05' })).toThrow(
      /transaction #9 \(customerId D\), field date/,
    );
    const nan = [{ customerId: 'E', date: '1997-01-01', amount: Number.NaN }];
    expect(() => buildRfmSummary(nan, { calibrationEnd: '1997-02-05' })).toThrow(
      /transaction #0, field amount/,
    );
    expect(() => buildRfmSummary(log, { calibrationEnd: 'soon' })).toThrow(/calibrationEnd/);
  });

  it('toUtcDay accepts the documented forms and agrees across them', () => {
    const day = toUtcDay('1997-09-30');
    expect(toUtcDay('19970930')).toBe(day);
    expect(toUtcDay('1997-09-30T18:00:00Z')).toBe(day);
    expect(toUtcDay(new Date(Date.UTC(1997, 8, 30, 5)))).toBe(day);
    expect(toUtcDay('1997-10-01') - day).toBe(1);
  });
});

describe('parseCdnowTransactions', () => {
  it('reads both layouts and keys the sample by its sample id', () => {
    const master = parseCdnowTransactions(
      ' customer_id  date number_of_cds  dollar_value\n 00001 19970101  1   11.77\n',
      'master',
      'm.txt',
    );
    expect(master).toEqual([{ customerId: '00001', date: '19970101', quantity: 1, amount: 11.77 }]);
    const sample = parseCdnowTransactions(' 00004 0001 19970118  2   29.73\n\n', 'sample', 's.txt');
    expect(sample).toEqual([{ customerId: '0001', date: '19970118', quantity: 2, amount: 29.73 }]);
  });

  it('names the file and line of a malformed record', () => {
    expect(() => parseCdnowTransactions(' 00004 0001 19970118  2\n', 'sample', 's.txt')).toThrow(
      /s\.txt:1: expected 5/,
    );
    expect(() => parseCdnowTransactions('h\n 1 1997-01-01 1 2\n', 'master', 'm.txt')).toThrow(
      /m\.txt:2: date/,
    );
    expect(() => parseCdnowTransactions(' 1 19970101 x 2\n', 'master', 'm.txt')).toThrow(
      /m\.txt:1: quantity/,
    );
  });
});
