import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCORE_BANDS,
  scoreAndTier,
  tierFor,
  toScore0to100,
  validateScoreBands,
} from '../../../scoring/calibration/index.ts';

describe('score 0-100 and tiers', () => {
  it('rounds probabilities to integer scores and clamps to 0..100', () => {
    expect(toScore0to100(0.404)).toBe(40);
    expect(toScore0to100(0.405)).toBe(41);
    expect(toScore0to100(1.2)).toBe(100);
    expect(toScore0to100(-0.1)).toBe(0);
    expect(() => toScore0to100(Number.NaN)).toThrow(/finite/);
  });
  it('maps the default retention bands 0-40 / 41-70 / 71-100', () => {
    expect(tierFor(0)).toBe('low');
    expect(tierFor(40)).toBe('low');
    expect(tierFor(41)).toBe('medium');
    expect(tierFor(70)).toBe('medium');
    expect(tierFor(71)).toBe('high');
    expect(scoreAndTier(0.93)).toEqual({ score: 93, tier: 'high' });
  });
  it('accepts custom contiguous bands (quintiles)', () => {
    const quintiles = validateScoreBands([
      { name: 'q1', min: 0, max: 19 },
      { name: 'q2', min: 20, max: 39 },
      { name: 'q3', min: 40, max: 59 },
      { name: 'q4', min: 60, max: 79 },
      { name: 'q5', min: 80, max: 100 },
    ]);
    expect(tierFor(59, quintiles)).toBe('q3');
    expect(validateScoreBands(DEFAULT_SCORE_BANDS)).toEqual(DEFAULT_SCORE_BANDS);
  });
  it('rejects gaps, overlaps, bad ends and duplicates with the band named', () => {
    expect(() =>
      validateScoreBands([
        { name: 'low', min: 0, max: 40 },
        { name: 'high', min: 42, max: 100 },
      ]),
    ).toThrow(/'high' must start at 41/);
    expect(() =>
      validateScoreBands([
        { name: 'low', min: 0, max: 50 },
        { name: 'high', min: 40, max: 100 },
      ]),
    ).toThrow(/'high' must start at 51/);
    expect(() => validateScoreBands([{ name: 'all', min: 1, max: 100 }])).toThrow(/must start at 0/);
    expect(() => validateScoreBands([{ name: 'all', min: 0, max: 99 }])).toThrow(/must end at 100/);
    expect(() =>
      validateScoreBands([
        { name: 'a', min: 0, max: 50 },
        { name: 'a', min: 51, max: 100 },
      ]),
    ).toThrow(/repeated/);
  });
});
