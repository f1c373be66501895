import { describe, expect, it } from 'vitest';
import type { Tier } from '../../../../core/schema/index.ts';
import {
  PopulationTiers,
  percentileCuts,
  percentileTier,
  percentileTierRule,
  probabilityWords,
  TierAssigner,
  tierRuleText,
} from '../../../../scoring/tiers/index.ts';

/** A seeded generator, so a failing case can be replayed. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function population(n: number, keyOf: (i: number) => number) {
  const ids = Array.from(
    { length: n },
    (_, i) => `acct-${String((i * 7919) % 100_003).padStart(6, '0')}-${i}`,
  );
  const keys = Float64Array.from({ length: n }, (_, i) => keyOf(i));
  return { ids, keys };
}

function counts(keys: Float64Array, ids: readonly string[], rule: ReturnType<typeof percentileTierRule>) {
  const cuts = percentileCuts(keys, ids, rule);
  const out: Record<Tier, number> = { low: 0, medium: 0, high: 0 };
  ids.forEach((id, i) => {
    out[percentileTier(keys[i]!, id, cuts)] += 1;
  });
  return out;
}

function expectCoverage(n: number, got: Record<Tier, number>, high: number, medium: number) {
  expect(got.high + got.medium + got.low).toBe(n);
  expect(Math.abs(got.high - (n * high) / 100)).toBeLessThanOrEqual(1);
  expect(Math.abs(got.medium - (n * medium) / 100)).toBeLessThanOrEqual(1);
  expect(Math.abs(got.low - (n * (100 - high - medium)) / 100)).toBeLessThanOrEqual(1);
}

describe('percentile tiers', () => {
  const shapes: Record<string, (random: () => number) => (i: number) => number> = {
    'distinct probabilities': (random) => () => random(),
    // Calibrated models with few distinct outputs (isotonic steps) put many entities on one value.
    'five distinct values': (random) => () => [0.01, 0.02, 0.05, 0.2, 0.6][Math.floor(random() * 5)]!,
    'everyone tied': () => () => 0.03,
    'mostly tied at zero': (random) => () => (random() < 0.9 ? 0 : random()),
  };
  const sizes = [0, 1, 2, 3, 7, 10, 11, 29, 101, 997];
  const rules: Array<[number, number]> = [
    [10, 30],
    [20, 20],
    [33.3, 33.3],
    [0, 50],
    [100, 0],
    [5, 0],
  ];

  for (const [shape, make] of Object.entries(shapes))
    it(`gives every tier its share to within one entity (${shape})`, () => {
      const random = lcg(42);
      for (const n of sizes)
        for (const [high, medium] of rules) {
          const { ids, keys } = population(n, make(random));
          expectCoverage(n, counts(keys, ids, percentileTierRule(high, medium)), high, medium);
        }
    });

  it('ranks by key, then splits a tie on the boundary by entity id', () => {
    const ids = ['d', 'b', 'a', 'c', 'e'];
    const keys = Float64Array.from([0.9, 0.5, 0.5, 0.5, 0.1]);
    // 40 % high of 5 = 2: 'd' and the first of the tied three by id ('a').
    const cuts = percentileCuts(keys, ids, percentileTierRule(40, 40));
    expect(cuts.high).toEqual({ key: 0.5, id: 'a' });
    expect(cuts.medium).toEqual({ key: 0.5, id: 'c' });
    expect(ids.map((id, i) => percentileTier(keys[i]!, id, cuts))).toEqual([
      'high',
      'medium',
      'high',
      'medium',
      'low',
    ]);
    // An entity scored later (the API) lands where batch scoring would have put it.
    expect(percentileTier(0.5, 'aa', cuts)).toBe('medium');
    expect(percentileTier(0.50001, 'zz', cuts)).toBe('high');
    expect(percentileTier(0.2, 'a', cuts)).toBe('low');
  });

  it('puts a missing key last and leaves empty tiers without a cut point', () => {
    const cuts = percentileCuts(Float64Array.from([Number.NaN, 0.2]), ['x', 'y'], percentileTierRule(50, 0));
    expect(cuts).toEqual({ population: 2, high: { key: 0.2, id: 'y' }, medium: { key: 0.2, id: 'y' } });
    expect(percentileTier(Number.NaN, 'x', cuts)).toBe('low');
    expect(percentileCuts(new Float64Array(0), [], percentileTierRule(10, 30))).toEqual({
      population: 0,
      high: null,
      medium: null,
    });
  });

  it('settles a streamed population, correcting only the entities whose provisional tier was wrong', () => {
    const random = lcg(7);
    const { ids, keys } = population(500, () => random());
    const rule = percentileTierRule(10, 30);
    const previous = percentileCuts(
      keys.map((k) => k * 0.98),
      ids,
      rule,
    );
    const tiers = new PopulationTiers(rule, previous);
    const given = ids.map((id, i) => tiers.assign({ value: Math.round(keys[i]! * 100), key: keys[i]!, id }));
    const settled = tiers.settle();
    const final = ids.map((id, i) => percentileTier(keys[i]!, id, settled.cuts!));
    const changed = new Map(settled.changes.map((c) => [c.id, c.tier]));
    ids.forEach((id, i) => {
      expect(changed.get(id) ?? given[i]).toBe(final[i]);
      if (changed.has(id)) expect(given[i]).not.toBe(final[i]);
    });
    expectCoverage(500, settled.counts, 10, 30);
    expect(settled.changes.length).toBeLessThan(100);
  });

  it('without earlier cut points gives low until the run settles, and fixed bands need none', () => {
    const rule = percentileTierRule(10, 30);
    expect(new TierAssigner(rule, null).tierOf({ value: 99, key: 0.99, id: 'a' })).toBe('low');
    const fixed = new TierAssigner({
      by: 'score',
      bands: [
        { name: 'low', min: 0, max: 40 },
        { name: 'medium', min: 41, max: 70 },
        { name: 'high', min: 71, max: 100 },
      ],
    });
    expect([40, 41, 71].map((value) => fixed.tierOf({ value, key: value / 100, id: 'a' }))).toEqual([
      'low',
      'medium',
      'high',
    ]);
    const fixedTiers = new PopulationTiers(fixed.rule, null);
    fixedTiers.assign({ value: 80, key: 0.8, id: 'a' });
    expect(fixedTiers.settle()).toEqual({ cuts: null, counts: { low: 0, medium: 0, high: 1 }, changes: [] });
  });

  it('says in words how tiers were decided and where the boundaries fell', () => {
    const rule = percentileTierRule(10, 30);
    const cuts = { population: 903, high: { key: 0.234, id: 'a' }, medium: { key: 0.081, id: 'b' } };
    expect(tierRuleText(rule, cuts, probabilityWords)).toBe(
      'by percentile of the 903 scored: high = top 10 % (probability 23.4 % and up), medium = next 30 % (probability 8.1 % and up), low = other 60 %',
    );
    expect(tierRuleText(rule, null, probabilityWords)).toMatch(/not ranked yet/);
  });
});
