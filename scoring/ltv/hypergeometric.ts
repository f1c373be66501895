/**
 * Gauss hypergeometric 2F1(a, b; c; z) by its power series, for 0 <= z < 1 and c not a
 * non-positive integer. The BG/NBD expectations only ever call it after the Euler
 * transformation (see bgnbd.ts), where the numerator parameters stay small and the terms
 * are bounded, so the plain series is both accurate and cheap there.
 */
const MAX_TERMS = 1_000_000;
const RELATIVE_TOLERANCE = 1e-15;

export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) {
    throw new RangeError(`hyp2f1: z must be in [0, 1), got ${z}; the series diverges outside that range`);
  }
  if (c <= 0 && Number.isInteger(c)) {
    throw new RangeError(`hyp2f1: c must not be a non-positive integer, got ${c}`);
  }
  let term = 1;
  let sum = 1;
  for (let n = 0; n < MAX_TERMS; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    // Terms can grow before they shrink when a, b > c, so only stop once past the peak.
    if (Math.abs(term) <= RELATIVE_TOLERANCE * Math.abs(sum) && n > Math.abs(a) + Math.abs(b)) return sum;
    if (term === 0) return sum;
  }
  throw new RangeError(
    `hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge in ${MAX_TERMS} terms; z is too close to 1 (use a shorter horizon)`,
  );
}
