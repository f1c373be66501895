import { describe, expect, it } from 'vitest';
import { parseTabularCsv } from '../../../scoring/eval/csv-dataset.ts';
import { detectNumberFormat, parseLocaleNumber } from '../../../scoring/eval/number-locale.ts';

describe('numbers written with separators', () => {
  it('parses each format and refuses what does not fit it', () => {
    expect(parseLocaleNumber('1,234,567.5', { decimal: '.', thousands: ',' })).toBe(1234567.5);
    expect(parseLocaleNumber('1.234,5', { decimal: ',', thousands: '.' })).toBe(1234.5);
    expect(parseLocaleNumber('-0,25', { decimal: ',', thousands: '' })).toBe(-0.25);
    expect(parseLocaleNumber('12\u00a0500,75', { decimal: ',', thousands: ' ' })).toBe(12500.75);
    expect(parseLocaleNumber("1'000", { decimal: '.', thousands: "'" })).toBe(1000);
    expect(parseLocaleNumber('12,34', { decimal: '.', thousands: ',' })).toBeNaN();
    expect(parseLocaleNumber('1.2.3', { decimal: ',', thousands: '.' })).toBeNaN();
  });
  it('detects the format of a column, flags "1,234"-only columns as ambiguous, and leaves text alone', () => {
    expect(detectNumberFormat(['1,234', '12,500.5', '7'])).toEqual({
      format: { decimal: '.', thousands: ',' },
      ambiguous: false,
    });
    expect(detectNumberFormat(['3,5', '12,25', '7'])?.format).toEqual({ decimal: ',', thousands: '' });
    expect(detectNumberFormat(['1.234,5', '7,25'])?.format).toEqual({ decimal: ',', thousands: '.' });
    expect(detectNumberFormat(['1,234', '5,000'])?.ambiguous).toBe(true);
    expect(detectNumberFormat(['1,234', 'n/a-ish'])).toBeUndefined();
    expect(detectNumberFormat(['Landing Page', 'API'])).toBeUndefined();
  });
});

function rows(n: number, cell: (i: number) => string): string {
  const lines = ['id;amount;visits;converted'];
  for (let i = 0; i < n; i++) lines.push(`p${i};${cell(i)};${i % 7};${i % 3 === 0 ? 'Yes' : 'No'}`);
  return lines.join('\n');
}

describe('parseTabularCsv number formats', () => {
  it('reads "1,234.50" amounts as numbers, not as an identifier-like text column, and says how', () => {
    const text = rows(200, (i) => `"${(1000 + 37 * i).toLocaleString('en-US')}.50"`);
    const loaded = parseTabularCsv(text, { target: 'converted', delimiter: ';', drop: ['id'] });
    const amount = loaded.data.featureNames.indexOf('amount');
    expect(loaded.data.categorical[amount]).toBe(false);
    expect(loaded.data.columns[amount]?.[199]).toBe(1000 + 37 * 199 + 0.5);
    expect(loaded.warnings.join('\n')).not.toMatch(/identifier/);
    expect(loaded.warnings.join('\n')).toMatch(
      /column 'amount' read as numbers with '\.' as decimal and ',' as thousands separator; pass --decimal and --thousands/,
    );
  });
  it('reads decimal commas, and follows --decimal/--thousands when given', () => {
    const text = rows(100, (i) => `${i},${i % 10}`);
    const detected = parseTabularCsv(text, { target: 'converted', delimiter: ';', drop: ['id'] });
    expect(detected.data.columns[0]?.[12]).toBe(12.2);
    const forced = parseTabularCsv(
      rows(100, (i) => `${1000 + i}`.replace(/^(\d)/, '$1.')),
      {
        target: 'converted',
        delimiter: ';',
        drop: ['id'],
        numberFormat: { decimal: ',', thousands: '.' },
      },
    );
    expect(forced.data.categorical[0]).toBe(false);
    expect(forced.data.columns[0]?.[5]).toBe(1005);
    expect(forced.warnings.join()).not.toMatch(/read as numbers/);
  });
});

describe('parseTabularCsv time column', () => {
  it('reads ISO dates to sortable times, keeps the column out of the features, and leaves blank times out', () => {
    const text = 'signup,plan,won\n2026-01-05,a,Yes\n2026-01-04T10:30:00Z,b,No\n,a,No\n2026-02-01,b,Yes\n';
    const loaded = parseTabularCsv(text, { target: 'won', timeColumn: 'signup' });
    expect(loaded.data.featureNames).toEqual(['plan']);
    expect(loaded.timeColumn).toBe('signup');
    expect(Array.from(loaded.times ?? [])).toEqual([
      Date.UTC(2026, 0, 5),
      Date.UTC(2026, 0, 4, 10, 30),
      Number.NaN,
      Date.UTC(2026, 1, 1),
    ]);
    expect(loaded.warnings.join()).toMatch(/1 rows have no value for time column 'signup'/);
  });
  it('rejects an impossible date and a non-ISO date with the file line, and an unknown column', () => {
    const bad = 'signup,plan,won\n2026-01-05,a,Yes\n2026-02-30,b,No\n';
    expect(() => parseTabularCsv(bad, { target: 'won', timeColumn: 'signup', source: 'leads.csv' })).toThrow(
      /^leads\.csv:3: time column 'signup' has '2026-02-30', which is not a valid ISO date/,
    );
    const us = 'signup,plan,won\n03/04/2026,a,Yes\n03/05/2026,a,No\n';
    expect(() => parseTabularCsv(us, { target: 'won', timeColumn: 'signup' })).toThrow(
      /:2: .*'03\/04\/2026'/,
    );
    expect(() => parseTabularCsv(bad, { target: 'won', timeColumn: 'Signup' })).toThrow(
      /--time-column column 'Signup' not found .*Did you mean 'signup'\?/,
    );
  });
  it('orders plain-number times (YYYYMMDD, epoch seconds) as numbers', () => {
    const loaded = parseTabularCsv('day,x,won\n19970312,1,Yes\n19970101,2,No\n', {
      target: 'won',
      timeColumn: 'day',
    });
    expect(Array.from(loaded.times ?? [])).toEqual([19970312, 19970101]);
  });
});

describe('one-class targets', () => {
  it('names the file and the single value, with or without --positive', () => {
    const text = 'x,churn\n1,Yes\n2,Yes\n3,Yes\n';
    expect(() => parseTabularCsv(text, { target: 'churn', source: 'churn.csv' })).toThrow(
      /^churn\.csv: target 'churn' is 'Yes' in all 3 rows; a model needs rows of both outcomes/,
    );
    expect(() => parseTabularCsv(text, { target: 'churn', positive: 'Yes', source: 'churn.csv' })).toThrow(
      /^churn\.csv: target 'churn' is 'Yes' in all 3 rows/,
    );
  });
});
