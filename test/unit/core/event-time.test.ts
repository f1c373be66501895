import { describe, expect, it } from 'vitest';
import { eventTimeMs } from '../../../core/schema/event-time.ts';
import { Rng } from '../../../scoring/learners/rng.ts';

describe('eventTimeMs', () => {
  it('equals Date.parse on canonical instants across centuries, months and leap days', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 20_000; i++) {
      const iso = new Date(Math.floor((rng.nextFloat() * 2 - 0.5) * 4e12)).toISOString();
      expect(eventTimeMs(iso)).toBe(Date.parse(iso));
    }
    for (const iso of ['2024-02-29T23:59:59.999Z', '2026-12-31T00:00:00.000Z', '2026-01-31T12:00:00.000Z'])
      expect(eventTimeMs(iso)).toBe(Date.parse(iso));
  });

  it('leaves every other form to Date.parse, invalid text included', () => {
    for (const text of [
      '2026-03-01T09:30:00Z',
      '2026-03-01T09:30:00.000+02:00',
      '2026-03-01',
      '2026-13-01T00:00:00.000Z',
      '2026-02-30T00:00:00.000Z',
      '2026-0a-01T00:00:00.000Z',
      'not a date at all, 24 ch',
      '',
    ])
      expect(Object.is(eventTimeMs(text), Date.parse(text))).toBe(true);
  });
});
