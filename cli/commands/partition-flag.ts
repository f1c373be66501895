import { InvalidArgumentError } from 'commander';

/**
 * `--partition 2/4`: the third of four slices of the entities (0-based index / count). The
 * workflow engine assigns an entity to a slice by a stable hash of its type and id.
 */
export function parsePartitionFlag(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`expected INDEX/COUNT such as 0/4, got "${value}"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > 1024) throw new InvalidArgumentError(`COUNT must be 1 to 1024, got ${count}`);
  if (index >= count)
    throw new InvalidArgumentError(`INDEX must be 0 to ${count - 1} for COUNT ${count}, got ${index}`);
  return { index, count };
}
