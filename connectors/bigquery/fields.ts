import type { RecordKind } from '../../core/schema/index.ts';

/** How a BigQuery value becomes a canonical field. */
export type FieldKind = 'text' | 'number' | 'integer' | 'boolean' | 'timestamp' | 'ref';

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  /** Column read when the stream's `columns` does not name one. */
  readonly column: string;
  /** For refs: which stream kind the referenced id belongs to. */
  readonly target?: 'contact' | 'account' | 'self';
}

const text = (name: string, column = snake(name)): FieldSpec => ({ name, kind: 'text', column });
const number = (name: string, column = snake(name)): FieldSpec => ({ name, kind: 'number', column });
const timestamp = (name: string, column = snake(name)): FieldSpec => ({ name, kind: 'timestamp', column });
const ref = (name: string, target: FieldSpec['target'], column: string): FieldSpec => ({
  name,
  kind: 'ref',
  column,
  target,
});

const lifecycle: readonly FieldSpec[] = [
  timestamp('createdAt'),
  { name: 'deleted', kind: 'boolean', column: 'deleted' },
  ref('mergedInto', 'self', 'merged_into_id'),
];

/** Canonical fields per kind (id and updatedAt come from the stream's idColumn and updatedAtColumn). */
export const canonicalFields: Readonly<Record<RecordKind, readonly FieldSpec[]>> = {
  contact: [
    ...lifecycle,
    text('email'),
    text('firstName'),
    text('lastName'),
    text('title'),
    text('role'),
    text('phone'),
    text('timezone'),
    text('country'),
    text('city'),
    text('lifecycleStage'),
    text('ownerId'),
    ref('account', 'account', 'account_id'),
    { name: 'emailOptIn', kind: 'boolean', column: 'email_opt_in' },
  ],
  account: [
    ...lifecycle,
    text('name'),
    text('domain'),
    text('industry'),
    { name: 'employees', kind: 'integer', column: 'employees' },
    number('annualRevenue'),
    text('plan'),
    number('mrr'),
    text('currency'),
    text('country'),
    text('ownerId'),
    text('status'),
    timestamp('churnedAt'),
  ],
  event: [
    text('type', 'type'),
    ref('contact', 'contact', 'contact_id'),
    text('contactEmail'),
    ref('account', 'account', 'account_id'),
    number('value'),
    { name: 'deleted', kind: 'boolean', column: 'deleted' },
  ],
  deal: [
    ...lifecycle,
    text('name'),
    ref('account', 'account', 'account_id'),
    ref('contact', 'contact', 'contact_id'),
    text('contactEmail'),
    text('stage'),
    text('status'),
    number('amount'),
    text('currency'),
    timestamp('closedAt'),
    text('ownerId'),
  ],
};

export function canonicalFieldNames(kind: RecordKind): string[] {
  return canonicalFields[kind].map((field) => field.name);
}

/** The column holding the cursor time; for events it is also their occurredAt. */
export function defaultUpdatedAtColumn(kind: RecordKind): string {
  return kind === 'event' ? 'occurred_at' : 'updated_at';
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
