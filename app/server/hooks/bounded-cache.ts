/**
 * Keys remembered until they expire, in a Map whose insertion order is (nearly) expiry order, so
 * expired keys are dropped from the front in O(1) amortised. When full, the oldest key goes first:
 * memory stays bounded however fast requests come.
 */
export class ExpiringKeySet {
  readonly #expiries = new Map<string, number>();
  readonly #maxEntries: number;

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#expiries.size;
  }

  has(key: string, nowMs: number): boolean {
    const expiry = this.#expiries.get(key);
    return expiry !== undefined && expiry > nowMs;
  }

  /** Adds the key; false when it was already present and not expired (a repeat). */
  add(key: string, expiresAtMs: number, nowMs: number): boolean {
    this.#evict(nowMs);
    if (this.has(key, nowMs)) return false;
    this.#expiries.delete(key);
    this.#expiries.set(key, expiresAtMs);
    while (this.#expiries.size > this.#maxEntries) {
      const oldest = this.#expiries.keys().next().value as string;
      this.#expiries.delete(oldest);
    }
    return true;
  }

  #evict(nowMs: number): void {
    for (const [key, expiry] of this.#expiries) {
      if (expiry > nowMs) break;
      this.#expiries.delete(key);
    }
  }
}
