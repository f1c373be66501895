import { describe, expect, it } from 'vitest';
import { Rng } from '../../../scoring/learners/rng.ts';
import { choosePolicy } from '../../../scoring/nba/ship-gate.ts';
import type { Action, LoggedDecision } from '../../../scoring/nba/types.ts';

interface Ctx {
  readonly young: boolean;
}

const catalog: Action<Ctx>[] = [
  { id: 'none', label: 'Nothing' },
  { id: 'a', label: 'Offer A' },
  { id: 'b', label: 'Offer B' },
];

/** Uniformly randomised log; `rate` gives the true success probability of an action in a context. */
function simulate(
  n: number,
  seed: number,
  rate: (ctx: Ctx, action: string) => number,
): LoggedDecision<Ctx>[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const context = { young: rng.nextFloat() < 0.5 };
    const action = catalog[rng.nextInt(3)]!.id;
    return { context, action, propensity: 1 / 3, reward: rng.nextFloat() < rate(context, action) ? 1 : 0 };
  });
}

describe('choosePolicy ship gate', () => {
  it('ships a learned policy that is clearly better than every single action', () => {
    // A works only for the young, B only for the others: personalisation really pays.
    const log = simulate(6000, 1, (c, a) =>
      a === 'a' ? (c.young ? 0.4 : 0.05) : a === 'b' ? (c.young ? 0.05 : 0.4) : 0.1,
    );
    const decision = choosePolicy({ log, catalog, learnedPolicy: (c) => (c.young ? 'a' : 'b') });
    expect(decision.choice).toBe('learned');
    expect(decision.actionId).toBeUndefined();
    expect(decision.zScore).toBeGreaterThan(2);
    expect(decision.learned.ips).toBeGreaterThan(0.35);
    expect(decision.reason).toMatch(/^ship the learned policy/);
  });

  it('keeps the best single action when the learned policy is only as good', () => {
    // B is best for everyone; the "learned" policy sends A to half the customers.
    const log = simulate(6000, 2, (_c, a) => (a === 'b' ? 0.3 : a === 'a' ? 0.28 : 0.1));
    const decision = choosePolicy({ log, catalog, learnedPolicy: (c) => (c.young ? 'a' : 'b') });
    expect(decision.choice).toBe('single-action');
    expect(decision.actionId).toBe('b');
    expect(decision.bestSingleActionId).toBe('b');
    expect(decision.singleActions.map((s) => s.actionId)).toEqual(['b', 'a', 'none']);
    expect(decision.reason).toMatch(/^keep always "b"/);
    expect(decision.reason).toContain('z = ');
  });

  it('a larger k makes the gate stricter', () => {
    const log = simulate(3000, 3, (c, a) => (a === 'a' && c.young ? 0.3 : a === 'b' ? 0.22 : 0.12));
    const learnedPolicy = (c: Ctx) => (c.young ? 'a' : 'b');
    const lenient = choosePolicy({ log, catalog, learnedPolicy, k: 0 });
    const strict = choosePolicy({ log, catalog, learnedPolicy, k: 50 });
    expect(lenient.zScore).toBe(strict.zScore);
    expect(lenient.choice).toBe(lenient.zScore > 0 ? 'learned' : 'single-action');
    expect(strict.choice).toBe('single-action');
  });

  it('subtracts action costs before comparing', () => {
    const costly: Action<Ctx>[] = catalog.map((a) => (a.id === 'b' ? { ...a, cost: 0.25 } : a));
    const log = simulate(6000, 4, (_c, a) => (a === 'b' ? 0.3 : a === 'a' ? 0.2 : 0.1));
    const decision = choosePolicy({ log, catalog: costly, learnedPolicy: () => 'a' });
    expect(decision.bestSingleActionId).toBe('a');
  });
});
