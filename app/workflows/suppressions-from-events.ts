import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { suppress } from '../../workflows/suppression/index.ts';

/**
 * Unsubscribes and bounces the CRM or ESP recorded (synced as events) join our suppression list, so
 * a person who opted out anywhere is never mailed by scorebridge. Returns how many addresses were added.
 */
export async function suppressionsFromEvents(
  store: CanonicalStore,
  db: SqlDatabase,
  window: { from: string | null; before: string },
  now: Date,
): Promise<number> {
  let added = 0;
  for await (const page of store.iterateEvents({
    types: ['email_unsubscribe', 'email_bounce'],
    ...(window.from ? { from: window.from } : {}),
    before: window.before,
  })) {
    for (const event of page) {
      if (event.contactId === null) continue;
      const contact = await store.getContact(event.contactId);
      if (!contact?.email) continue;
      const reason = event.type === 'email_bounce' ? 'bounce' : 'unsubscribe';
      if (
        suppress(
          db,
          {
            address: contact.email,
            reason,
            source: `event ${event.source.system}/${event.source.externalId}`,
          },
          now,
        )
      )
        added += 1;
    }
  }
  return added;
}
