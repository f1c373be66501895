/**
 * The demo generator's own seeded PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator) seeded through splitmix32. Only 32-bit integer arithmetic (Math.imul, >>>), so a
 * seed yields the same stream on every platform and Node version.
 *
 * Every account draws from its own stream (`Random.forStream(seed, accountIndex)`), which keeps
 * one account's data independent of how many random numbers its predecessors consumed.
 */

function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const WARM_UP_ROUNDS = 12;
const TWO_POW_32 = 4294967296;

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const base = splitmix32(seed >>> 0);
    this.a = splitmix32(base);
    this.b = splitmix32(this.a);
    this.c = splitmix32(this.b);
    this.d = 1;
    // The first outputs of a freshly seeded sfc32 are correlated with the seed.
    for (let i = 0; i < WARM_UP_ROUNDS; i++) this.nextUint32();
  }

  /** An independent generator for sub-stream `stream` of run seed `seed`. */
  static forStream(seed: number, stream: number): Random {
    return new Random(splitmix32(splitmix32(seed >>> 0) ^ Math.imul((stream >>> 0) + 1, 0x27d4eb2f)));
  }

  /** A child generator whose stream depends on this one's state and `label`. */
  fork(label: number): Random {
    return new Random(this.nextUint32() ^ Math.imul(label + 1, 0x165667b1));
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick: cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A new array with `items` in random order (Fisher-Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = tmp;
    }
    return copy;
  }
}
