import { describe, expect, it } from 'vitest';
import { hyp2f1 } from '../../../scoring/ltv/hypergeometric.ts';

describe('hyp2f1 series', () => {
  it('matches closed forms', () => {
    for (const z of [0.01, 0.3, 0.75, 0.99]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 12);
      expect(hyp2f1(0.7, 2.5, 2.5, z)).toBeCloseTo((1 - z) ** -0.7, 11);
      const s = Math.sqrt(z);
      expect(hyp2f1(0.5, 0.5, 1.5, z)).toBeCloseTo(Math.asin(s) / s, 12);
    }
  });

  it('matches scipy.special.hyp2f1 on BG/NBD-like arguments', () => {
    expect(hyp2f1(0.3, 1.2, 2.5, 0.4)).toBeCloseTo(1.0697861963930577, 13);
    expect(hyp2f1(2.2, 0.5, 3.1, 0.9)).toBeCloseTo(1.884703738611952, 12);
    expect(hyp2f1(-0.2, 1.7, 4.4, 0.95)).toBeCloseTo(0.9037428346956794, 12);
  });

  it('is 1 at z = 0 and terminates for a non-positive integer numerator', () => {
    expect(hyp2f1(3.3, 2.2, 1.1, 0)).toBe(1);
    // 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z^2/(c(c+1))
    expect(hyp2f1(-2, 1.5, 2.5, 0.5)).toBeCloseTo(
      1 - (2 * 1.5 * 0.5) / 2.5 + (1.5 * 2.5 * 0.25) / (2.5 * 3.5),
      14,
    );
  });

  it('rejects arguments outside the series domain with a reason', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(/z must be in \[0, 1\)/);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(/non-positive integer/);
  });
});
