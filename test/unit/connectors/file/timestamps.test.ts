import { describe, expect, it } from 'vitest';
import { isoFromMs } from '../../../../connectors/file/calendar.ts';
import {
  createTimestampReader,
  dateFormatProblem,
  isValidTimeZone,
} from '../../../../connectors/file/timestamps.ts';

describe('timestamps in auto format', () => {
  const utc = createTimestampReader('auto', 'UTC');

  it('reads ISO 8601 with and without offsets, fractions and a space separator', () => {
    expect(utc('2025-03-01T09:30:00Z')).toBe('2025-03-01T09:30:00.000Z');
    expect(utc('2025-03-01T09:30:00.123456Z')).toBe('2025-03-01T09:30:00.123Z');
    expect(utc('2025-03-01T09:30:00+02:00')).toBe('2025-03-01T07:30:00.000Z');
    expect(utc('2025-03-01T09:30-0530')).toBe('2025-03-01T15:00:00.000Z');
    expect(utc('2025-03-01 09:30:15')).toBe('2025-03-01T09:30:15.000Z');
    expect(utc('2025-03-01T09:30:15,5 Z')).toBe('2025-03-01T09:30:15.500Z');
  });

  it('reads date-only values (dashed and basic) as midnight', () => {
    expect(utc('2025-03-01')).toBe('2025-03-01T00:00:00.000Z');
    expect(utc('20250301')).toBe('2025-03-01T00:00:00.000Z');
  });

  it('reads epoch seconds and milliseconds, as numbers or text', () => {
    expect(utc(1_740_821_400)).toBe('2025-03-01T09:30:00.000Z');
    expect(utc('1740821400000')).toBe('2025-03-01T09:30:00.000Z');
    expect(utc('1740821400.5')).toBe('2025-03-01T09:30:00.500Z');
  });

  it('rejects impossible and unrecognised values', () => {
    for (const bad of [
      '2025-02-29',
      '2025-13-01',
      '2025-01-01T24:00',
      '2025-01-01T10',
      'March 1, 2025',
      '01/03/2025',
      '',
    ]) {
      expect(utc(bad), bad).toBeUndefined();
    }
    expect(utc('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
  });

  it('keeps years before 100 in their own century', () => {
    expect(utc('0050-06-01')).toBe('0050-06-01T00:00:00.000Z');
  });
});

describe('naive timestamps in a configured zone', () => {
  const madrid = createTimestampReader('auto', 'Europe/Madrid');

  it('applies winter and summer offsets', () => {
    expect(madrid('2025-01-15 10:00')).toBe('2025-01-15T09:00:00.000Z');
    expect(madrid('2025-07-15 10:00')).toBe('2025-07-15T08:00:00.000Z');
    expect(madrid('2025-07-15')).toBe('2025-07-14T22:00:00.000Z');
  });

  it('leaves explicit offsets alone', () => {
    expect(madrid('2025-07-15T10:00:00Z')).toBe('2025-07-15T10:00:00.000Z');
  });

  it('moves a time in the spring-forward gap forward and reads an ambiguous autumn time as standard time', () => {
    expect(madrid('2025-03-30 02:30')).toBe('2025-03-30T01:30:00.000Z');
    expect(madrid('2025-10-26 02:30')).toBe('2025-10-26T01:30:00.000Z');
    expect(madrid('2025-03-30 01:59')).toBe('2025-03-30T00:59:00.000Z');
    expect(madrid('2025-03-30 03:00')).toBe('2025-03-30T01:00:00.000Z');
  });

  it('handles half-hour zones', () => {
    expect(createTimestampReader('auto', 'Asia/Kolkata')('2025-01-01 05:30')).toBe(
      '2025-01-01T00:00:00.000Z',
    );
  });
});

describe('explicit date formats', () => {
  it('reads patterns in the configured zone', () => {
    const read = createTimestampReader('DD/MM/YYYY HH:mm', 'America/New_York');
    expect(read('01/03/2025 09:30')).toBe('2025-03-01T14:30:00.000Z');
    expect(read('31/02/2025 09:30')).toBeUndefined();
    expect(read('2025-03-01T09:30:00Z')).toBeUndefined();
  });

  it('reads non-padded month/day and milliseconds', () => {
    expect(createTimestampReader('M/D/YYYY H:mm:ss.SSS', 'UTC')('3/1/2025 9:05:07.250')).toBe(
      '2025-03-01T09:05:07.250Z',
    );
  });

  it('reads epoch formats strictly', () => {
    expect(createTimestampReader('epoch_ms', 'UTC')('1740821400000')).toBe('2025-03-01T09:30:00.000Z');
    expect(createTimestampReader('epoch_s', 'UTC')(1_740_821_400)).toBe('2025-03-01T09:30:00.000Z');
    expect(createTimestampReader('epoch_s', 'UTC')('2025-03-01')).toBeUndefined();
  });

  it('explains unusable formats and zones', () => {
    expect(dateFormatProblem('DD/MM/YYYY')).toBeNull();
    expect(dateFormatProblem('DD/MM/YY')).toMatch(/unknown letters "YY"|no year/);
    expect(dateFormatProblem('MM/DD')).toMatch(/no year token/);
    expect(dateFormatProblem('YYYY-MM-DD MM')).toMatch(/repeats/);
    expect(isValidTimeZone('Europe/Madrid')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('isoFromMs', () => {
  it('matches Date#toISOString across the four-digit years and beyond', () => {
    const samples = [
      0, -1, 1, 951_782_400_000, -62_167_219_200_000, 253_402_300_799_999, 253_402_300_800_000, -8.64e15,
    ];
    for (let index = 0; index < 2000; index++)
      samples.push(Math.floor((index * 7_919_993_331) % 2.5e14) - 6e13);
    for (const ms of samples) expect(isoFromMs(ms), String(ms)).toBe(new Date(ms).toISOString());
    expect(isoFromMs(Number.NaN)).toBeUndefined();
  });
});
