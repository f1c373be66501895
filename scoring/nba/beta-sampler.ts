/**
 * Gamma and Beta variates from a seeded uniform/normal source (Marsaglia & Tsang 2000 for
 * Gamma; Beta = X / (X + Y)), so Thompson sampling is reproducible for a seed.
 */
export interface RandomSource {
  nextFloat(): number;
  nextGaussian(): number;
}

export function sampleGamma(rng: RandomSource, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`sampleGamma: shape must be > 0, got ${shape}`);
  if (shape < 1) {
    // Boost to shape + 1 and correct with U^(1/shape), the standard trick for small shapes.
    let u = rng.nextFloat();
    while (u === 0) u = rng.nextFloat();
    return sampleGamma(rng, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.nextGaussian();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = rng.nextFloat();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function sampleBeta(rng: RandomSource, alpha: number, beta: number): number {
  const x = sampleGamma(rng, alpha);
  const y = sampleGamma(rng, beta);
  return x / (x + y);
}
