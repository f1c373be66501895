import { describe, expect, it } from 'vitest';
import { parsePartitionFlag } from '../../../../cli/commands/partition-flag.ts';
import { checkPartition, entityHash, inPartition } from '../../../../workflows/engine/index.ts';

describe('workflow tick partitions', () => {
  it('puts every entity in exactly one partition, spread evenly, the same way every time', () => {
    const entities = Array.from({ length: 4_000 }, (_, n) => ({
      type: 'contact' as const,
      id: String(10_000 + n),
    }));
    const sizes = [0, 1, 2, 3].map(
      (index) => entities.filter((entity) => inPartition(entity, { index, count: 4 })).length,
    );
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(4_000);
    for (const size of sizes) expect(size).toBeGreaterThan(850);
    // FNV-1a of "contact:10000": fixed, so a partition means the same entities on every host and release.
    expect(entityHash({ type: 'contact', id: '10000' })).toBe(2139170558);
    expect(entityHash({ type: 'contact', id: '1' })).not.toBe(entityHash({ type: 'account', id: '1' }));
    expect(inPartition({ type: 'account', id: 'a-1' }, undefined)).toBe(true);
  });

  it('refuses partitions that select nothing, with the allowed range', () => {
    expect(() => checkPartition({ index: 4, count: 4 })).toThrow(
      /index must be a whole number from 0 to 3, got 4/,
    );
    expect(() => checkPartition({ index: 0, count: 0 })).toThrow(
      /count must be a whole number from 1 to 1024/,
    );
    expect(parsePartitionFlag('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parsePartitionFlag('4/4')).toThrow(/INDEX must be 0 to 3 for COUNT 4, got 4/);
    expect(() => parsePartitionFlag('half')).toThrow(/expected INDEX\/COUNT such as 0\/4, got "half"/);
  });
});
