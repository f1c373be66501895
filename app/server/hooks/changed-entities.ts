import { type ConnectorConfig, scoreFieldMapping } from '../../../connectors/registry.ts';
import { sourceKey } from '../../../core/schema/index.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import type { RecordsChanged } from './records-changed.ts';

/** Canonical ids whose scores a change can move. */
export interface ChangedEntities {
  readonly contact: Set<string>;
  readonly account: Set<string>;
}

type EntityType = keyof ChangedEntities;

function entityOfIdentity(
  store: SqliteCanonicalStore,
  identityKey: string | null,
  type: EntityType,
): string | null {
  if (identityKey === null) return null;
  const row = store.database
    .prepare('SELECT entity_id FROM identities WHERE identity_key = ? AND entity_type = ?')
    .get(identityKey, type) as { entity_id: string } | undefined;
  return row?.entity_id ?? null;
}

/** Deals and activities (opportunities, tasks, engagements) move the scores of their contact and account. */
function factSubjects(
  store: SqliteCanonicalStore,
  key: string,
): { contact: string | null; account: string | null }[] {
  const rows = [
    ...(store.database
      .prepare('SELECT contact_key, account_key FROM deals WHERE source_key = ?')
      .all(key) as {
      contact_key: string | null;
      account_key: string | null;
    }[]),
    // Email engagements also become ":open"/":click" events under the same key.
    ...(store.database
      .prepare(
        "SELECT contact_key, account_key FROM events WHERE source_key = ? OR source_key LIKE ? || ':%'",
      )
      .all(key, key) as { contact_key: string | null; account_key: string | null }[]),
  ];
  return rows.map((row) => ({
    contact: entityOfIdentity(store, row.contact_key, 'contact'),
    account: entityOfIdentity(store, row.account_key, 'account'),
  }));
}

/**
 * Maps the provider ids of a change to canonical contacts and accounts through their source refs.
 * A contact's change also re-scores its account (account features aggregate its people). Ids the
 * store does not know (a sync that failed, an object type we do not read) map to nothing.
 */
export async function changedEntities(
  store: SqliteCanonicalStore,
  config: ConnectorConfig,
  change: RecordsChanged,
): Promise<ChangedEntities> {
  const out: ChangedEntities = { contact: new Set(), account: new Set() };
  const mapping = scoreFieldMapping(config);
  const isContact = mapping?.objectTypes('contact').includes(change.objectType) ?? false;
  const isAccount = mapping?.objectTypes('account').includes(change.objectType) ?? false;
  for (const externalId of change.ids) {
    const ref = { system: change.connector, objectType: change.objectType, externalId };
    if (isContact) {
      const contact = await store.findContactBySource(ref);
      if (contact) out.contact.add(contact.id);
      if (contact?.accountId) out.account.add(contact.accountId);
    } else if (isAccount) {
      const account = entityOfIdentity(store, sourceKey(ref), 'account');
      if (account !== null) out.account.add(await store.resolveId('account', account));
    } else {
      for (const subject of factSubjects(store, sourceKey(ref))) {
        if (subject.contact !== null) out.contact.add(await store.resolveId('contact', subject.contact));
        if (subject.account !== null) out.account.add(await store.resolveId('account', subject.account));
      }
    }
  }
  return out;
}
