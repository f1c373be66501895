/** Row splits for early stopping and row subsampling, deterministic for a seed. */
import { Rng } from './rng.ts';

/**
 * Splits rows 0..n-1 into train and validation; for classification each class contributes the
 * same fraction to validation (stratified). Both lists come back sorted for memory locality.
 */
export function holdoutSplit(
  y: Float64Array,
  fraction: number,
  stratified: boolean,
  seed: number,
): { train: Uint32Array; validation: Uint32Array } {
  const rng = new Rng(seed);
  const groups: number[][] = stratified ? [[], []] : [[]];
  for (let r = 0; r < y.length; r++) groups[stratified ? (y[r] === 1 ? 1 : 0) : 0]!.push(r);
  const train: number[] = [];
  const validation: number[] = [];
  for (const group of groups) {
    rng.shuffle(group);
    const nValidation = Math.round(fraction * group.length);
    // Element-wise: spreading a million-entry array into push() overflows the call stack.
    for (let i = 0; i < group.length; i++) (i < nValidation ? validation : train).push(group[i]!);
  }
  if (train.length === 0 || validation.length === 0) {
    throw new Error(`early stopping: validationFraction ${fraction} leaves an empty train or validation set`);
  }
  return { train: Uint32Array.from(train).sort(), validation: Uint32Array.from(validation).sort() };
}

/** Writes a uniform sample (without replacement) of `size` entries of `from` into `out`, sorted. */
export function sampleInto(from: Uint32Array, size: number, rng: Rng, out: Uint32Array): number {
  const n = from.length;
  // Selection sampling (Knuth's Algorithm S): one pass, output already in input order.
  let chosen = 0;
  for (let i = 0; i < n && chosen < size; i++) {
    if (rng.nextFloat() * (n - i) < size - chosen) out[chosen++] = from[i]!;
  }
  return chosen;
}
