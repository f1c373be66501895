import { describe, expect, it } from 'vitest';
import { Rng } from '../../../scoring/learners/rng.ts';
import type { Dataset, Predictor } from '../../../scoring/learners/types.ts';
import { qiniCurve, upliftByBucket } from '../../../scoring/nba/qini.ts';
import { splitLogByAction } from '../../../scoring/nba/split.ts';
import { type FeatureSpec, fitTLearner } from '../../../scoring/nba/t-learner.ts';
import type { Action, LoggedDecision } from '../../../scoring/nba/types.ts';

describe('qiniCurve', () => {
  it('matches the baseline script (uplift_hillstrom.py qini) on a small example', () => {
    const scores = [0.9, 0.1, 0.5, 0.5, 0.3, 0.8, 0.2, 0.7, 0.05, 0.6];
    const outcomes = [1, 0, 1, 0, 0, 1, 0, 1, 0, 0];
    const treated = [1, 0, 1, 1, 0, 0, 1, 1, 0, 1];
    const result = qiniCurve(scores, outcomes, treated);
    expect(result.normalisedArea).toBeCloseTo(-0.55, 12);
    expect(result.totalIncremental).toBeCloseTo(1.5, 12);
    expect(result.curve.map((p) => p.incremental)).toEqual([1, 0, 0, -1, -1, -2, 0.5, 0, 1, 1.5]);
  });

  it('a perfect ranking beats random and its reverse is negative', () => {
    // Persuadables (treated responders, control non-responders) score high.
    const n = 400;
    const treated = Array.from({ length: n }, (_, i) => i % 2);
    const persuadable = Array.from({ length: n }, (_, i) => i < n / 2);
    const outcomes = treated.map((t, i) => (persuadable[i] ? t : 0));
    const good = qiniCurve(
      persuadable.map((p) => (p ? 1 : 0)),
      outcomes,
      treated,
    );
    const bad = qiniCurve(
      persuadable.map((p) => (p ? 0 : 1)),
      outcomes,
      treated,
    );
    expect(good.normalisedArea).toBeGreaterThan(0.2);
    expect(bad.normalisedArea).toBeLessThan(-0.2);
    const buckets = upliftByBucket(
      persuadable.map((p) => (p ? 1 : 0)),
      outcomes,
      treated,
      2,
    );
    expect(buckets[0]!.uplift).toBe(1);
    expect(buckets[1]!.uplift).toBe(0);
  });

  it('rejects mismatched inputs', () => {
    expect(() => qiniCurve([1, 2], [1], [1, 0])).toThrow(/equal, non-empty lengths/);
  });
});

interface Ctx {
  readonly x: number;
}

const catalog: Action<Ctx>[] = [
  { id: 'control', label: 'Nothing' },
  { id: 'promo', label: 'Promo' },
];
const features: FeatureSpec<Ctx> = { featureNames: ['x'], categorical: [false], toRow: (c) => [c.x] };

/** Promo lifts response only for x > 0: baseline 0.2, promo 0.5 there and 0.1 elsewhere. */
function simulate(n: number, seed: number): LoggedDecision<Ctx>[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const x = rng.nextGaussian();
    const action = rng.nextFloat() < 0.5 ? 'promo' : 'control';
    const rate = action === 'promo' ? (x > 0 ? 0.5 : 0.1) : 0.2;
    return { context: { x }, action, propensity: 0.5, reward: rng.nextFloat() < rate ? 1 : 0 };
  });
}

describe('fitTLearner', () => {
  const log = simulate(4000, 5);

  it('learns who is persuadable and targets only them', () => {
    const model = fitTLearner(log, { catalog, controlActionId: 'control', features });
    expect(model.uplift({ x: 2 }).promo).toBeGreaterThan(0.2);
    expect(model.uplift({ x: -2 }).promo).toBeLessThan(-0.05);
    expect(model.uplift({ x: 2 }).control).toBe(0);
    expect(model.policy({ x: 1.5 }, 0)).toBe('promo');
    expect(model.policy({ x: -1.5 }, 0)).toBe('control');
  });

  it('respects eligibility and cost when choosing', () => {
    const gated: Action<Ctx>[] = [catalog[0]!, { ...catalog[1]!, eligible: (c) => c.x < 3 }];
    const model = fitTLearner(log, { catalog: gated, controlActionId: 'control', features });
    expect(model.policy({ x: 3.5 }, 0)).toBe('control');
    const pricey: Action<Ctx>[] = [catalog[0]!, { ...catalog[1]!, cost: 1 }];
    expect(
      fitTLearner(log, { catalog: pricey, controlActionId: 'control', features }).policy({ x: 2 }, 0),
    ).toBe('control');
  });

  it('uses an injected trainer, one model per action on that action rows only', () => {
    const seen: number[] = [];
    const meanTrainer = (data: Dataset, y: Float64Array): Predictor => {
      seen.push(data.nRows);
      const mean = y.reduce((s, v) => s + v, 0) / y.length;
      return { predictRow: () => mean, predict: (d) => new Float64Array(d.nRows).fill(mean) };
    };
    fitTLearner(log, { catalog, controlActionId: 'control', features, trainer: meanTrainer });
    expect(seen.reduce((s, v) => s + v, 0)).toBe(log.length);
    expect(seen.length).toBe(2);
  });

  it('refuses to fit an action with too few rows', () => {
    const sparse = log.filter((row, i) => row.action === 'control' || i < 40);
    expect(() => fitTLearner(sparse, { catalog, controlActionId: 'control', features })).toThrow(
      /action "promo" has \d+ logged rows/,
    );
    expect(() => fitTLearner(log, { catalog, controlActionId: 'nope', features })).toThrow(
      /unknown action id/,
    );
  });
});

describe('splitLogByAction', () => {
  it('keeps each action share in both halves and is deterministic', () => {
    const log = simulate(1001, 9);
    const { train, test } = splitLogByAction(log, 0.5, 42);
    expect(train.length + test.length).toBe(1001);
    const share = (rows: LoggedDecision<Ctx>[]) =>
      rows.filter((r) => r.action === 'promo').length / rows.length;
    expect(Math.abs(share(train) - share(test))).toBeLessThan(0.005);
    expect(splitLogByAction(log, 0.5, 42).test).toEqual(test);
    expect(splitLogByAction(log, 0.5, 43).test).not.toEqual(test);
    expect(() => splitLogByAction(log, 1, 1)).toThrow(/trainFraction/);
  });
});
