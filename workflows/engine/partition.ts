import type { EntityRef } from './context.ts';

/**
 * A slice of the entities a workflow tick works on. Ticks of different partitions of the same
 * count touch disjoint entities, so they can run at the same time on different workers.
 */
export interface TickPartition {
  readonly index: number;
  readonly count: number;
}

/** Throws a clear error for a partition that selects nothing or everything by mistake. */
export function checkPartition(partition: TickPartition): TickPartition {
  const { index, count } = partition;
  if (!Number.isInteger(count) || count < 1 || count > 1024)
    throw new Error(`workflow tick partition count must be a whole number from 1 to 1024, got ${count}`);
  if (!Number.isInteger(index) || index < 0 || index >= count)
    throw new Error(
      `workflow tick partition index must be a whole number from 0 to ${count - 1}, got ${index}`,
    );
  return partition;
}

/**
 * 32-bit FNV-1a of `type:id`. Stable across processes, hosts and releases (unlike a language's
 * built-in hash), and spreads sequential CRM ids evenly.
 */
export function entityHash(entity: EntityRef): number {
  const text = `${entity.type}:${entity.id}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** True when the entity belongs to the partition; every entity belongs to a missing partition. */
export function inPartition(entity: EntityRef, partition: TickPartition | undefined): boolean {
  return partition === undefined || entityHash(entity) % partition.count === partition.index;
}

/** The partition as a short label (`2/4`), also the key of its runner lease and run watermarks. */
export function partitionLabel(partition: TickPartition | undefined): string {
  return partition === undefined ? 'all' : `${partition.index}/${partition.count}`;
}
