import type { Deal, ResolvedEvent } from '../../schema/index.ts';
import type { SqlDatabase, SqlStatement, SqlValue } from '../sql/sql-database.ts';
import { AccountActivityReader } from './account-activity.ts';
import { type AccountDeals, AccountDealsReader } from './account-deals.ts';
import { entityEventsQuery } from './entity-events.ts';
import { DEAL_SELECT } from './queries.ts';
import { toDeal, toEvent } from './row-mappers.ts';

type Rows = Record<string, SqlValue>[];

const EVENT_COLUMNS = 'e.id, e.source_key, e.type, e.occurred_at, e.value, e.properties';

/**
 * The events `eventsFor('account', [accountId])` attributes to one of the account's people, read
 * through the person's identity keys (events_contact index) instead of the whole account: the
 * account's own events whose person is this contact, plus the contact's events with no account.
 * Valid for a contact whose account resolves to `accountId`, as the account query requires.
 */
const CONTACT_IN_ACCOUNT_EVENTS = `
SELECT ${EVENT_COLUMNS}, :contact AS contact_id, :account AS account_id
FROM identities ic
JOIN events e ON e.contact_key = ic.identity_key
LEFT JOIN identities ia ON ia.identity_key = e.account_key AND ia.entity_type = 'account'
WHERE ic.entity_type = 'contact' AND ic.entity_id = :contact
  AND e.deleted = 0 AND e.occurred_at < :before
  AND (e.account_key IS NULL OR ia.entity_id = :account)
ORDER BY e.occurred_at, e.id`;

/** The ids contactsOfAccount() returns, without reading the contacts. */
const MEMBER_IDS = `SELECT c.id FROM contacts c
WHERE c.account_key IN (SELECT identity_key FROM identities WHERE entity_type = 'account' AND entity_id = ?)
  AND c.deleted_at IS NULL AND c.merged_into IS NULL ORDER BY c.created_at NULLS FIRST, c.id`;

/** `dealsFor('contact', [id])` for one id, driven from the contact's identity keys. */
const CONTACT_DEALS = `${DEAL_SELECT}
WHERE ic.entity_type = 'contact' AND ic.entity_id = ? AND d.deleted = 0
ORDER BY d.created_at NULLS FIRST, d.id`;

/**
 * Reads of one contact's (or its account's) facts for real-time scoring, each a statement prepared once per
 * connection. They return exactly what the page-at-a-time reads (eventsFor / dealsFor) return for
 * the same entity, so features cannot tell the two apart.
 */
export class ContactReads {
  readonly #beforeRead: () => void;
  readonly #inAccountEvents: SqlStatement;
  readonly #lonerEvents: SqlStatement;
  readonly #deals: SqlStatement;
  readonly #accountEvents: SqlStatement;
  readonly #activity: AccountActivityReader;
  readonly #memberIds: SqlStatement;
  readonly #accountDeals: AccountDealsReader;

  constructor(db: SqlDatabase, beforeRead: () => void) {
    this.#beforeRead = beforeRead;
    this.#inAccountEvents = db.prepare(CONTACT_IN_ACCOUNT_EVENTS);
    // The loner query needs a `before` bound to have the same shape as the one eventsFor runs.
    this.#lonerEvents = db.prepare(entityEventsQuery('contact', ['?'], { before: '?' }).sql);
    this.#deals = db.prepare(CONTACT_DEALS);
    this.#accountEvents = db.prepare(entityEventsQuery('account', ['?'], { before: '?' }).sql);
    this.#activity = new AccountActivityReader(db);
    this.#memberIds = db.prepare(MEMBER_IDS);
    this.#memberIds.setReturnArrays(true);
    this.#accountDeals = new AccountDealsReader(db);
  }

  /** `dealsFor('account', [accountId])` and `dealsFor('contact', [m])` for each member, in one read. */
  accountDeals(accountId: string, memberIds: readonly string[]): AccountDeals {
    this.#beforeRead();
    return this.#accountDeals.read(accountId, memberIds);
  }

  /** Ids of the account's live people (contactsOfAccount without reading the contacts). */
  memberIds(accountId: string): string[] {
    this.#beforeRead();
    return (this.#memberIds.all(accountId) as unknown as [string][]).map((row) => row[0]);
  }

  /**
   * accountEvents() for a caller that reads properties only of the events named in
   * `withProperties`, at most that many days before `before` ('all': of any event): the same
   * events, read from the account index alone (see account-activity.ts), with other events'
   * properties read only if asked for.
   */
  accountActivity(
    accountId: string,
    before: string,
    withProperties: ReadonlyMap<string, number> | 'all',
  ): ResolvedEvent[] {
    if (withProperties === 'all') return this.accountEvents(accountId, before);
    this.#beforeRead();
    return this.#activity.read(accountId, before, withProperties);
  }

  /** `eventsFor('account', [accountId], { before })` for one account, synchronously. */
  accountEvents(accountId: string, before: string): ResolvedEvent[] {
    this.#beforeRead();
    return (this.#accountEvents.all(accountId, before, accountId, before) as Rows).map(toEvent);
  }

  /**
   * Events strictly before `before` of a contact, as a contact snapshot holds them: for a person
   * of an account, the account's events that are theirs; for a person without one, their own.
   */
  events(contactId: string, accountId: string | null, before: string): ResolvedEvent[] {
    this.#beforeRead();
    if (accountId === null) {
      const rows = this.#lonerEvents.all(contactId, before) as Rows;
      return rows.map(toEvent);
    }
    const rows = this.#inAccountEvents.all({ contact: contactId, before, account: accountId }) as Rows;
    return rows.map(toEvent);
  }

  /** Deals whose person resolves to the contact, oldest first. */
  deals(contactId: string): Deal[] {
    this.#beforeRead();
    return (this.#deals.all(contactId) as Rows).map(toDeal);
  }
}
