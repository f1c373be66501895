import { z } from 'zod';

/** Which share of the entities (or enrollments) one job takes: range `index` of `count` equal ranges. */
export const partitionSchema = z
  .strictObject({ index: z.number().int().min(0), count: z.number().int().min(1).max(256) })
  .refine((partition) => partition.index < partition.count, {
    message: 'partition index must be below the partition count',
  })
  .prefault({ index: 0, count: 1 });
export type Partition = z.output<typeof partitionSchema>;

export function partitionWords(partition: Partition): string {
  return partition.count === 1 ? '' : ` (part ${partition.index + 1} of ${partition.count})`;
}
