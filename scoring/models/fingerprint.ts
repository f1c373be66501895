import { createHash } from 'node:crypto';
import type { RawTable } from '../features/raw-table.ts';

/**
 * SHA-256 of the rows a model was trained and tested on (entity ids, cutoffs, labels and every
 * feature value), so two registry entries can be told apart, or recognised as trained on the same data.
 */
export function dataFingerprint(
  table: RawTable,
  entityIds: readonly string[],
  cutoffIndex: Int32Array,
  labels: ArrayLike<number>,
): string {
  const hash = createHash('sha256');
  hash.update(table.featureNames.join('\u0000'));
  hash.update(entityIds.join('\u0000'));
  hash.update(new Uint8Array(cutoffIndex.buffer, cutoffIndex.byteOffset, cutoffIndex.byteLength));
  hash.update(Float64Array.from(labels));
  table.featureNames.forEach((_, j) => {
    const numbers = table.numbers[j];
    if (numbers) hash.update(new Uint8Array(numbers.buffer, numbers.byteOffset, numbers.byteLength));
    else hash.update((table.texts[j] ?? []).map((v) => v ?? '\u0001').join('\u0000'));
  });
  return hash.digest('hex');
}
