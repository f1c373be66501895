import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../../scoring/ltv/nelder-mead.ts';

describe('nelderMead', () => {
  it('finds the Rosenbrock minimum', () => {
    const rosenbrock = (v: readonly number[]) => 100 * (v[1]! - v[0]! ** 2) ** 2 + (1 - v[0]!) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
  });

  it('treats non-finite objective values as infeasible instead of accepting them', () => {
    const guarded = (v: readonly number[]) => (v[0]! < 0 ? Number.NaN : (v[0]! - 2) ** 2 + (v[1]! + 1) ** 2);
    const result = nelderMead(guarded, [0.5, 0.5]);
    expect(result.x[0]).toBeCloseTo(2, 6);
    expect(result.x[1]).toBeCloseTo(-1, 6);
  });

  it('reports non-convergence when the evaluation budget runs out', () => {
    const result = nelderMead((v) => (v[0]! - 3) ** 2, [100], { maxEvaluations: 5, maxRestarts: 0 });
    expect(result.converged).toBe(false);
    expect(result.evaluations).toBeLessThanOrEqual(7);
  });
});
