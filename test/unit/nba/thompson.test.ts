import { describe, expect, it } from 'vitest';
import { Rng } from '../../../scoring/learners/rng.ts';
import { sampleBeta, sampleGamma } from '../../../scoring/nba/beta-sampler.ts';
import { evaluatePolicy } from '../../../scoring/nba/off-policy.ts';
import { ThompsonSampling } from '../../../scoring/nba/thompson.ts';
import type { Action, LoggedDecision } from '../../../scoring/nba/types.ts';

interface Ctx {
  readonly vip: boolean;
}

const catalog: Action<Ctx>[] = [
  { id: 'low', label: 'Low' },
  { id: 'mid', label: 'Mid' },
  { id: 'high', label: 'High', eligible: (c) => !c.vip },
];
const TRUE_RATE: Record<string, number> = { low: 0.05, mid: 0.1, high: 0.15 };

function runBandit(seed: number, rounds: number) {
  const policy = new ThompsonSampling(catalog, { seed, propensityDraws: 50 });
  const world = new Rng(seed + 1000);
  const log: LoggedDecision<Ctx>[] = [];
  for (let t = 0; t < rounds; t++) {
    const context = { vip: false };
    const { actionId, propensity } = policy.choose(context);
    const reward = world.nextFloat() < TRUE_RATE[actionId]! ? 1 : 0;
    policy.update(context, actionId, reward);
    log.push({ context, action: actionId, propensity, reward });
  }
  return { policy, log };
}

describe('Beta and Gamma samplers', () => {
  it('match the theoretical mean and variance', () => {
    const rng = new Rng(7);
    const n = 20_000;
    const gammas = Array.from({ length: n }, () => sampleGamma(rng, 0.5));
    const gMean = gammas.reduce((s, v) => s + v, 0) / n;
    expect(gMean).toBeCloseTo(0.5, 1);
    const betas = Array.from({ length: n }, () => sampleBeta(rng, 2, 5));
    const mean = betas.reduce((s, v) => s + v, 0) / n;
    const variance = betas.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    expect(mean).toBeCloseTo(2 / 7, 2);
    expect(variance).toBeCloseTo((2 * 5) / (49 * 8), 3);
    expect(() => sampleGamma(rng, 0)).toThrow(/shape must be > 0/);
  });
});

describe('ThompsonSampling', () => {
  it('converges to the best arm on a simulated Bernoulli bandit', () => {
    const { policy, log } = runBandit(11, 4000);
    const lastThousand = log.slice(-1000);
    const bestShare = lastThousand.filter((row) => row.action === 'high').length / lastThousand.length;
    expect(bestShare).toBeGreaterThan(0.8);
    const posterior = policy.posterior();
    const high = posterior.find((p) => p.actionId === 'high')!;
    expect(high.mean).toBeGreaterThan(0.12);
    expect(high.mean).toBeLessThan(0.18);
    expect(high.successes + high.failures).toBeGreaterThan(2000);
  });

  it('is deterministic for a seed', () => {
    const first = runBandit(5, 300).log.map((r) => r.action);
    const second = runBandit(5, 300).log.map((r) => r.action);
    expect(second).toEqual(first);
  });

  it('logs propensities that make its own log evaluable by IPS', () => {
    const { log } = runBandit(3, 4000);
    expect(log.every((row) => row.propensity > 0 && row.propensity <= 1)).toBe(true);
    // "Always high" was played most of the time, so SNIPS should recover its rate closely.
    const value = evaluatePolicy(log, () => 'high');
    expect(Math.abs(value.snips - TRUE_RATE.high!)).toBeLessThan(3 * value.snipsStandardError + 0.01);
  });

  it('propensity estimates match how often each action is actually chosen', () => {
    const policy = new ThompsonSampling(catalog, { seed: 9, propensityDraws: 200 });
    const context = { vip: false };
    for (let i = 0; i < 10; i++) policy.update(context, 'mid', i < 3 ? 1 : 0);
    for (let i = 0; i < 10; i++) policy.update(context, 'high', i < 4 ? 1 : 0);
    const chosen = new Map<string, number>();
    const propensitySum = new Map<string, number>();
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const d = policy.choose(context);
      chosen.set(d.actionId, (chosen.get(d.actionId) ?? 0) + 1);
      propensitySum.set(d.actionId, (propensitySum.get(d.actionId) ?? 0) + d.propensity);
    }
    expect(chosen.size).toBeGreaterThan(1);
    for (const [id, count] of chosen) {
      if (count < 100) continue;
      expect(Math.abs(count / trials - propensitySum.get(id)! / count)).toBeLessThan(0.04);
    }
  });

  it('never plays an ineligible action and keeps segments apart', () => {
    const policy = new ThompsonSampling(catalog, { seed: 1, segmentOf: (c) => (c.vip ? 'vip' : 'regular') });
    for (let t = 0; t < 200; t++) expect(policy.choose({ vip: true }).actionId).not.toBe('high');
    policy.update({ vip: true }, 'low', 1);
    expect(policy.posterior('vip').find((p) => p.actionId === 'low')!.successes).toBe(1);
    expect(policy.posterior('regular').find((p) => p.actionId === 'low')!.successes).toBe(0);
  });

  it('learns from a log and rejects rewards outside [0, 1] with the row', () => {
    const policy = new ThompsonSampling(catalog, { seed: 1 });
    policy.learnFromLog([{ context: { vip: false }, action: 'mid', propensity: 1 / 3, reward: 1 }]);
    expect(policy.posterior().find((p) => p.actionId === 'mid')!.mean).toBeCloseTo(2 / 3, 12);
    expect(() =>
      policy.learnFromLog([
        { context: { vip: false }, action: 'mid', propensity: 1, reward: 0 },
        { context: { vip: false }, action: 'mid', propensity: 1, reward: 5 },
      ]),
    ).toThrow(/row #1: .*reward must be in \[0, 1\]/);
  });
});
