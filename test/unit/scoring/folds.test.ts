import { describe, expect, it } from 'vitest';
import { stratifiedHoldout, stratifiedKFold, timeHoldout } from '../../../scoring/eval/folds.ts';

const labels = Float64Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0)); // 26 positives

describe('stratifiedKFold', () => {
  const splits = stratifiedKFold(labels, 5, 42);
  it('partitions every row into exactly one test fold', () => {
    const seen = new Int32Array(labels.length);
    for (const s of splits) {
      for (const i of s.test) seen[i] = (seen[i] as number) + 1;
      expect(s.train.length + s.test.length).toBe(labels.length);
      const train = new Set(s.train);
      expect(s.test.some((i) => train.has(i))).toBe(false);
    }
    expect(seen.every((c) => c === 1)).toBe(true);
  });
  it('keeps each fold within one positive of the overall rate and sizes within one row', () => {
    const positives = splits.map((s) => s.test.reduce((a, i) => a + (labels[i] as number), 0));
    expect(Math.max(...positives) - Math.min(...positives)).toBeLessThanOrEqual(1);
    const sizes = splits.map((s) => s.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
  it('is deterministic for a seed and changes with the seed', () => {
    expect(stratifiedKFold(labels, 5, 42)[0]?.test).toEqual(splits[0]?.test);
    expect(Array.from(stratifiedKFold(labels, 5, 7)[0]?.test ?? [])).not.toEqual(
      Array.from(splits[0]?.test ?? []),
    );
  });
  it('rejects fewer than 2 folds or more folds than rows', () => {
    expect(() => stratifiedKFold(labels, 1, 1)).toThrow(/>= 2/);
    expect(() => stratifiedKFold([0, 1], 3, 1)).toThrow(/at least 3 rows/);
  });
});

describe('stratifiedHoldout', () => {
  it('holds out the requested share of each class from the given rows only', () => {
    const rows = Int32Array.from({ length: 80 }, (_, i) => i);
    const split = stratifiedHoldout(labels, rows, 0.25, 1);
    expect(split.test.length).toBe(20);
    expect(split.test.reduce((a, i) => a + (labels[i] as number), 0)).toBe(5);
    expect([...split.train, ...split.test].every((i) => i < 80)).toBe(true);
  });
});

describe('timeHoldout', () => {
  it('holds out the latest period and never splits a timestamp', () => {
    const times = [5, 1, 4, 4, 2, 3, Number.NaN, 4, 1, 2];
    const split = timeHoldout(times, { testFraction: 0.3 });
    expect(Array.from(split.test)).toEqual([0, 2, 3, 7]);
    expect(split.train).not.toContain(6);
    expect(split.test).not.toContain(6);
  });
  it('accepts an explicit cutoff and rejects one outside the data', () => {
    expect(Array.from(timeHoldout([1, 2, 3, 4], { cutoff: 3 }).test)).toEqual([2, 3]);
    expect(() => timeHoldout([1, 2, 3], { cutoff: 10 })).toThrow(/0 test rows/);
  });
});
