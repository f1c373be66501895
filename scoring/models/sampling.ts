/** FNV-1a of a string mapped to [0, 1): a stable per-entity coin, the same on every run and machine. */
export function stableUnit(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x1_0000_0000;
}

/**
 * Keeps a share of entities so at most `budget` rows come from `entities` × `cutoffs`. The same
 * entities are kept at every cutoff, so a sampled entity's history stays whole.
 */
export function entitySampler(
  budget: number,
  entities: number,
  cutoffs: number,
): (entityId: string) => boolean {
  const rate = Math.min(1, budget / Math.max(1, entities * cutoffs));
  if (rate >= 1) return () => true;
  return (entityId) => stableUnit(entityId) < rate;
}

/** Indices 0..n-1 whose predicate holds. */
export function indicesWhere(n: number, predicate: (i: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (predicate(i)) out.push(i);
  return Int32Array.from(out);
}
