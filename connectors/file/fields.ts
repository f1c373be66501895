import type { RecordKind } from '../../core/schema/index.ts';

/** How a source value is converted before the canonical schema validates it. */
export type FieldType = 'text' | 'number' | 'integer' | 'boolean' | 'timestamp' | 'eventType' | 'ref';

/** Which entity a reference field points at: its `objectType` comes from that stream. */
export type RefTarget = 'contact' | 'account' | 'self';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly refTarget?: RefTarget;
  /** Normalised header names (lower case, letters and digits only) also accepted for this field. */
  readonly aliases?: readonly string[];
}

const text = (name: string, aliases?: readonly string[]): FieldSpec => ({ name, type: 'text', aliases });
const number = (name: string, aliases?: readonly string[]): FieldSpec => ({ name, type: 'number', aliases });
const timestamp = (name: string, aliases?: readonly string[]): FieldSpec => ({
  name,
  type: 'timestamp',
  aliases,
});
const ref = (name: string, refTarget: RefTarget, aliases: readonly string[]): FieldSpec => ({
  name,
  type: 'ref',
  refTarget,
  aliases,
});

const lifecycleFields: readonly FieldSpec[] = [
  timestamp('updatedAt', ['lastmodified', 'lastmodifieddate', 'modifiedat', 'lastmodifiedat']),
  timestamp('createdAt', ['createddate', 'created']),
  { name: 'deleted', type: 'boolean', aliases: ['isdeleted', 'archived'] },
  ref('mergedInto', 'self', ['mergedintoid']),
];

/** Every canonical field a file column can feed, per record kind (the record id is configured apart). */
export const canonicalFields: Readonly<Record<RecordKind, readonly FieldSpec[]>> = {
  contact: [
    ...lifecycleFields,
    text('email', ['emailaddress']),
    text('firstName'),
    text('lastName'),
    text('title', ['jobtitle']),
    text('role'),
    text('phone'),
    text('timezone'),
    text('country'),
    text('city'),
    text('lifecycleStage'),
    text('ownerId'),
    ref('account', 'account', ['accountid']),
    { name: 'emailOptIn', type: 'boolean', aliases: ['optin'] },
  ],
  account: [
    ...lifecycleFields,
    text('name', ['accountname', 'companyname']),
    text('domain', ['website']),
    text('industry'),
    { name: 'employees', type: 'integer', aliases: ['numberofemployees', 'employeecount'] },
    number('annualRevenue', ['revenue']),
    text('plan'),
    number('mrr'),
    text('currency'),
    text('country'),
    text('ownerId'),
    text('status'),
    timestamp('churnedAt'),
  ],
  event: [
    { name: 'type', type: 'eventType', aliases: ['eventtype'] },
    timestamp('occurredAt', ['timestamp', 'time', 'eventtime', 'occurred']),
    ref('contact', 'contact', ['contactid']),
    text('contactEmail', ['email']),
    ref('account', 'account', ['accountid']),
    number('value'),
    { name: 'deleted', type: 'boolean', aliases: ['isdeleted'] },
  ],
  deal: [
    ...lifecycleFields,
    text('name', ['dealname', 'opportunityname']),
    ref('account', 'account', ['accountid']),
    ref('contact', 'contact', ['contactid']),
    text('contactEmail', ['email']),
    text('stage', ['dealstage', 'stagename']),
    text('status'),
    number('amount'),
    text('currency'),
    timestamp('closedAt', ['closedate', 'closeddate']),
    text('ownerId'),
  ],
};

export function canonicalFieldNames(kind: RecordKind): string[] {
  return canonicalFields[kind].map((field) => field.name);
}

/** "First Name", "first_name" and "firstName" all become "firstname". */
export function normalizeColumnName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Edit distance, for "did you mean" suggestions in error messages. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidate closest to `input` (case- and separator-insensitive), or null when none is close. */
export function closestName(input: string, candidates: readonly string[]): string | null {
  const normalizedInput = normalizeColumnName(input);
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(normalizedInput, normalizeColumnName(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(2, Math.floor(normalizedInput.length / 3));
  return bestDistance <= tolerance ? best : null;
}
