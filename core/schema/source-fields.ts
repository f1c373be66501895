import { sourceAccountSchema } from './account.ts';
import { sourceContactSchema } from './contact.ts';
import { sourceDealSchema } from './deal.ts';
import { sourceEventSchema } from './event.ts';
import type { RecordKind } from './source-record.ts';

/** Keys every source record has that no column maps to: identity, the cursor time, extras. */
const STRUCTURAL = new Set(['kind', 'ref', 'updatedAt', 'occurredAt', 'mergedInto', 'properties']);

const SHAPES = {
  contact: sourceContactSchema.shape,
  account: sourceAccountSchema.shape,
  event: sourceEventSchema.shape,
  deal: sourceDealSchema.shape,
} as const;

/** Canonical fields a connector may fill from a column, derived from the schema so no list drifts from it. */
export function sourceFieldNames(kind: RecordKind): string[] {
  return Object.keys(SHAPES[kind]).filter((key) => !STRUCTURAL.has(key));
}
