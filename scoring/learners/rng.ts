/**
 * Seeded pseudo-random numbers (xoshiro128**, seeded through splitmix32).
 *
 * Every random choice a learner makes (bootstrap, feature sampling, validation split, row
 * subsampling) draws from one of these, so a fixed seed reproduces a model bit for bit.
 * Independent streams (one per tree) come from `deriveSeed`, which is what makes forest
 * training independent of how trees are distributed over worker threads.
 */

/** splitmix32 step: a well-mixed 32-bit hash of a 32-bit input. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seed for stream `stream` of a run seeded with `seed` (streams do not overlap in practice). */
export function deriveSeed(seed: number, stream: number): number {
  return splitmix32(splitmix32(seed >>> 0) ^ Math.imul(stream + 1, 0x27d4eb2f));
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let x = seed >>> 0;
    x = splitmix32(x);
    this.s0 = x;
    x = splitmix32(x);
    this.s1 = x;
    x = splitmix32(x);
    this.s2 = x;
    x = splitmix32(x);
    this.s3 = x;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32 (multiply-shift; bias below 2^-32 * n). */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /** Standard normal deviate (Box-Muller), used by synthetic data generators. */
  nextGaussian(): number {
    let u = this.nextFloat();
    while (u === 0) u = this.nextFloat();
    const v = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles `values` in place (Fisher-Yates). */
  shuffle(values: Int32Array | Uint32Array | number[]): void {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = values[i]!;
      values[i] = values[j]!;
      values[j] = tmp;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
