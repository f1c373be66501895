import { describe, expect, it } from 'vitest';
import { eligibleActions, singleActionPolicy, validateCatalog } from '../../../scoring/nba/catalog.ts';
import {
  comparePolicies,
  evaluatePolicy,
  evaluateStochasticPolicy,
  policyWeights,
  validateLog,
} from '../../../scoring/nba/off-policy.ts';
import type { Action, LoggedDecision } from '../../../scoring/nba/types.ts';

interface Customer {
  readonly optedOut: boolean;
}

const catalog: Action<Customer>[] = [
  { id: 'none', label: 'Do nothing' },
  { id: 'email', label: 'E-mail', eligible: (c) => !c.optedOut },
  { id: 'call', label: 'Call', cost: 0.5 },
];

describe('catalog', () => {
  it('filters by eligibility and falls back to the first eligible action', () => {
    expect(eligibleActions(catalog, { optedOut: true }).map((a) => a.id)).toEqual(['none', 'call']);
    const alwaysEmail = singleActionPolicy(catalog, 'email');
    expect(alwaysEmail({ optedOut: false }, 0)).toBe('email');
    expect(alwaysEmail({ optedOut: true }, 0)).toBe('none');
  });

  it('rejects bad catalogs and unknown ids with the offending entry', () => {
    expect(() => validateCatalog([])).toThrow(/empty/);
    expect(() => validateCatalog([...catalog, { id: 'email', label: 'again' }])).toThrow(
      /#3: duplicate id "email"/,
    );
    expect(() => validateCatalog([{ id: 'x', label: 'x', cost: Number.NaN }])).toThrow(/#0 \(x\): cost/);
    expect(() => singleActionPolicy(catalog, 'sms')).toThrow(
      /unknown action id "sms"; catalog has none, email, call/,
    );
    const onlyGated: Action<Customer>[] = [{ id: 'email', label: 'E-mail', eligible: (c) => !c.optedOut }];
    expect(() => singleActionPolicy(onlyGated, 'email')({ optedOut: true }, 7)).toThrow(
      /context #7: no action/,
    );
  });
});

describe('off-policy evaluation', () => {
  // Uniform logging over two actions (propensity 1/2).
  const log: LoggedDecision<Customer>[] = [
    { context: { optedOut: false }, action: 'email', propensity: 0.5, reward: 1 },
    { context: { optedOut: false }, action: 'none', propensity: 0.5, reward: 0 },
    { context: { optedOut: false }, action: 'email', propensity: 0.5, reward: 0 },
    { context: { optedOut: false }, action: 'email', propensity: 0.5, reward: 1 },
  ];

  it('computes IPS, SNIPS and their standard errors by hand', () => {
    const value = evaluatePolicy(log, () => 'email');
    // w·r = [2, 0, 0, 2]: IPS = 1, sample sd = sqrt(4/3), SE = sd / 2.
    expect(value.ips).toBeCloseTo(1, 12);
    expect(value.ipsStandardError).toBeCloseTo(Math.sqrt(4 / 3) / 2, 12);
    // SNIPS = 4 / 6; SE = sqrt(Σ w²(r − 2/3)²) / Σw = sqrt(4·(1/9 + 4/9 + 1/9)) / 6.
    expect(value.snips).toBeCloseTo(2 / 3, 12);
    expect(value.snipsStandardError).toBeCloseTo(Math.sqrt(4 * (6 / 9)) / 6, 12);
    expect(value.matched).toBe(3);
    expect(value.effectiveSampleSize).toBeCloseTo(3, 12);
  });

  it('subtracts action costs from rewards', () => {
    const withCost = evaluatePolicy(
      log,
      () => 'email',
      (id) => (id === 'email' ? 0.25 : 0),
    );
    expect(withCost.ips).toBeCloseTo(1 - 0.25 * 1.5, 12);
  });

  it('a stochastic policy equal to the logging policy recovers the mean logged reward', () => {
    const value = evaluateStochasticPolicy(log, () => 0.5);
    expect(value.ips).toBeCloseTo(0.5, 12);
    expect(value.snips).toBeCloseTo(0.5, 12);
  });

  it('paired comparison: identical policies differ by exactly 0 with SE 0', () => {
    const rewards = Float64Array.from(log, (r) => r.reward);
    const w = policyWeights(log, () => 'email');
    expect(comparePolicies(w, w, rewards)).toEqual({ difference: 0, standardError: 0 });
    const none = policyWeights(log, () => 'none');
    expect(comparePolicies(w, none, rewards).difference).toBeCloseTo(1, 12);
  });

  it('rejects logs without usable propensities, naming the row', () => {
    const bad = [...log, { context: { optedOut: false }, action: 'email', propensity: 0, reward: 1 }];
    expect(() => evaluatePolicy(bad, () => 'email')).toThrow(/row #4, field propensity/);
    expect(() => validateLog(log, new Set(['none']))).toThrow(/row #0: action "email" is not in the catalog/);
    expect(() => validateLog([])).toThrow(/empty/);
  });
});
