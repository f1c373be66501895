/**
 * LSD radix sort for Float64Array (no NaN): four 16-bit passes over order-preserving integer keys.
 * Sorting the 200,000-value bin sample of each feature dominated binning with the built-in sort.
 */

export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 4096) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  // Flip bits so unsigned integer order equals float order: negatives reversed, positives above.
  for (let i = 0; i < n; i++) {
    const l = words[2 * i]!;
    const h = words[2 * i + 1]!;
    if (h & 0x80000000) {
      lo[i] = ~l >>> 0;
      hi[i] = ~h >>> 0;
    } else {
      lo[i] = l;
      hi[i] = (h | 0x80000000) >>> 0;
    }
  }
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const fromHi = pass >= 2;
    const shift = pass % 2 === 0 ? 0 : 16;
    const keys = fromHi ? hi : lo;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const pos = counts[(keys[i]! >>> shift) & 0xffff]!++;
      lo2[pos] = lo[i]!;
      hi2[pos] = hi[i]!;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i]!;
    if (h & 0x80000000) {
      words[2 * i] = lo[i]!;
      words[2 * i + 1] = (h & 0x7fffffff) >>> 0;
    } else {
      words[2 * i] = ~lo[i]! >>> 0;
      words[2 * i + 1] = ~h >>> 0;
    }
  }
  return values;
}
