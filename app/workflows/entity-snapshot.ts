import type { Account, Contact, EventType, ResolvedEvent } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import type { EntityRef } from '../../workflows/engine/index.ts';
import { FACT_EVENT_TYPES } from './entity-facts.ts';

const DAY_MS = 86_400_000;
/** Covers the 90-day usage summary and the 28-day recovery baseline before an enrollment. */
export const EVENT_LOOKBACK_DAYS = 120;

/** What the store knows about one enrolled entity, read once per run and shared by context and emails. */
export interface EntitySnapshot {
  readonly entity: EntityRef;
  readonly account: Account | null;
  /** The contact itself for a contact entity; the account's live contacts for an account. */
  readonly contacts: readonly Contact[];
  /** Fact and usage events in the lookback window before `now`, oldest first. */
  readonly events: readonly ResolvedEvent[];
}

function live<T extends { deletedAt: string | null; mergedInto: string | null }>(record: T | null): T | null {
  return record !== null && record.deletedAt === null && record.mergedInto === null ? record : null;
}

/** Undefined when the entity no longer exists (deleted or merged away): its enrollments then wait. */
export async function loadSnapshot(
  store: CanonicalStore,
  entity: EntityRef,
  now: Date,
  /** Event types `on: event` triggers name, read besides the fact and usage types. */
  triggerTypes: readonly EventType[] = [],
): Promise<EntitySnapshot | undefined> {
  const window = {
    from: new Date(now.getTime() - EVENT_LOOKBACK_DAYS * DAY_MS).toISOString(),
    before: now.toISOString(),
    types: [...new Set<EventType>([...FACT_EVENT_TYPES, ...triggerTypes])],
  };
  const [group] = await store.eventsFor(entity.type, [entity.id], window);
  const events = group?.events ?? [];
  if (entity.type === 'account') {
    const account = live(await store.getAccount(entity.id));
    if (account === null) return undefined;
    return { entity, account, contacts: await store.contactsOfAccount(entity.id), events };
  }
  const contact = live(await store.getContact(entity.id));
  if (contact === null) return undefined;
  const account = contact.accountId === null ? null : live(await store.getAccount(contact.accountId));
  return { entity, account, contacts: [contact], events };
}
