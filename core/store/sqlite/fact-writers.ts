import { type EmailNormalization, emailIdentityKey, normalizeEmail } from '../../identity/normalize.ts';
import type { SourceDeal, SourceEvent, SourceRef } from '../../schema/index.ts';
import { sourceKey } from '../../schema/index.ts';
import type { UpsertOutcome } from './entity-writer.ts';
import { fingerprint } from './hashing.ts';
import type { StatementCache } from './sql.ts';

/**
 * The identity key an event or deal points at. It is resolved to a canonical id when read, so a
 * fact that arrives before its contact, or whose contact is later merged, still lands on the right
 * entity without rewriting the fact.
 */
export function subjectKey(
  ref: SourceRef | null | undefined,
  email: string | null | undefined,
  emailOptions: EmailNormalization,
): string | null {
  if (ref) return sourceKey(ref);
  const normalized = normalizeEmail(email, emailOptions);
  return normalized ? emailIdentityKey(normalized) : null;
}

/** Inserts first (the common case on a fresh import), updates only when the content changed. */
function upsertFact(
  sql: StatementCache,
  table: 'events' | 'deals',
  columns: Record<string, string | number | null>,
): UpsertOutcome {
  const names = Object.keys(columns);
  const values = Object.values(columns);
  const inserted = sql
    .get(
      `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ON CONFLICT (source_key) DO NOTHING`,
    )
    .run(...values);
  if (Number(inserted.changes) === 1) return 'inserted';
  const assignments = names.filter((name) => name !== 'source_key').map((name) => `${name} = ?`);
  const updated = sql
    .get(`UPDATE ${table} SET ${assignments.join(', ')} WHERE source_key = ? AND fingerprint <> ?`)
    .run(...values.slice(1), columns.source_key ?? null, columns.fingerprint ?? null);
  return Number(updated.changes) === 1 ? 'updated' : 'unchanged';
}

export function upsertEvent(
  sql: StatementCache,
  event: SourceEvent,
  emailOptions: EmailNormalization,
): UpsertOutcome {
  const properties = Object.keys(event.properties).length > 0 ? JSON.stringify(event.properties) : null;
  const contactKey = subjectKey(event.contact, event.contactEmail, emailOptions);
  const accountKey = event.account ? sourceKey(event.account) : null;
  const value = event.value ?? null;
  const print = fingerprint(
    `${event.type}|${event.occurredAt}|${contactKey}|${accountKey}|${value}|${event.deleted}|${properties}`,
  );
  return upsertFact(sql, 'events', {
    source_key: sourceKey(event.ref),
    type: event.type,
    occurred_at: event.occurredAt,
    contact_key: contactKey,
    account_key: accountKey,
    value,
    properties,
    deleted: event.deleted ? 1 : 0,
    fingerprint: print,
  });
}

export function upsertDeal(
  sql: StatementCache,
  deal: SourceDeal,
  emailOptions: EmailNormalization,
): UpsertOutcome {
  const payload = JSON.stringify(deal);
  return upsertFact(sql, 'deals', {
    source_key: sourceKey(deal.ref),
    name: deal.name ?? null,
    account_key: deal.account ? sourceKey(deal.account) : null,
    contact_key: subjectKey(deal.contact, deal.contactEmail, emailOptions),
    stage: deal.stage ?? null,
    status: deal.status,
    amount: deal.amount ?? null,
    currency: deal.currency ?? null,
    owner_id: deal.ownerId ?? null,
    created_at: deal.createdAt ?? null,
    closed_at: deal.closedAt ?? null,
    updated_at: deal.updatedAt,
    deleted: deal.deleted ? 1 : 0,
    merged_into_key: deal.mergedInto ? sourceKey(deal.mergedInto) : null,
    fingerprint: fingerprint(payload),
  });
}
