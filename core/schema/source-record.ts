import { z } from 'zod';
import { sourceAccountSchema } from './account.ts';
import { sourceContactSchema } from './contact.ts';
import { sourceDealSchema } from './deal.ts';
import { sourceEventSchema } from './event.ts';

/** Everything a source connector can emit, discriminated by `kind`. */
export const sourceRecordSchema = z.discriminatedUnion('kind', [
  sourceContactSchema,
  sourceAccountSchema,
  sourceEventSchema,
  sourceDealSchema,
]);
export type SourceRecord = z.infer<typeof sourceRecordSchema>;
export type SourceRecordInput = z.input<typeof sourceRecordSchema>;
export type RecordKind = SourceRecord['kind'];
export const recordKinds = ['contact', 'account', 'event', 'deal'] as const satisfies readonly RecordKind[];
