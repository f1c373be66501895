import type { Deal } from '../../schema/index.ts';
import {
  dialectOf,
  type SqlDatabase,
  type SqlDialect,
  type SqlStatement,
  type SqlValue,
} from '../sql/sql-database.ts';
import { orderedJoin } from './dialect-sql.ts';
import { DEAL_SELECT } from './queries.ts';
import { toDeal } from './row-mappers.ts';

/**
 * Candidates for an account's deals and its people's in one statement: deals naming one of the
 * account's identity keys, and deals naming a person of the account (through the person's keys).
 * Classified afterwards by their resolved account and person, as deals-for.ts defines them.
 */
const candidatesSql = (dialect: SqlDialect) => `
${DEAL_SELECT}
WHERE d.deleted = 0 AND d.account_key IN (
  SELECT identity_key FROM identities WHERE entity_type = 'account' AND entity_id = :account)
UNION ALL
${DEAL_SELECT}
WHERE d.deleted = 0 AND d.contact_key IN (
  SELECT pi.identity_key FROM identities ai
  ${orderedJoin(dialect)} contacts p ON p.account_key = ai.identity_key
  ${orderedJoin(dialect)} identities pi ON pi.entity_type = 'contact' AND pi.entity_id = p.id
  WHERE ai.entity_type = 'account' AND ai.entity_id = :account)`;

export interface AccountDeals {
  /** `dealsFor('account', [accountId])`: its deals, and its people's deals that name no account. */
  readonly deals: Deal[];
  /** `dealsFor('contact', [id])` for each of `memberIds` (listed even with none). */
  readonly byMember: Map<string, Deal[]>;
}

/** Oldest first, deals without a creation date first, then by id: the order dealsFor returns. */
function byCreation(a: Deal, b: Deal): number {
  if (a.createdAt !== b.createdAt) {
    if (a.createdAt === null) return -1;
    if (b.createdAt === null) return 1;
    return a.createdAt < b.createdAt ? -1 : 1;
  }
  return a.id - b.id;
}

export class AccountDealsReader {
  readonly #candidates: SqlStatement;

  constructor(db: SqlDatabase) {
    this.#candidates = db.prepare(candidatesSql(dialectOf(db)));
  }

  /** The account's deals and those of `memberIds` (people whose account is this one). */
  read(accountId: string, memberIds: readonly string[]): AccountDeals {
    const rows = this.#candidates.all({ account: accountId }) as Record<string, SqlValue>[];
    const seen = new Set<number>();
    const all: Deal[] = [];
    for (const row of rows) {
      const deal = toDeal(row);
      if (seen.has(deal.id)) continue;
      seen.add(deal.id);
      all.push(deal);
    }
    all.sort(byCreation);
    const byMember = new Map<string, Deal[]>(memberIds.map((id) => [id, []]));
    const deals: Deal[] = [];
    for (const deal of all) {
      if (deal.accountId === accountId) deals.push(deal);
      if (deal.contactId !== null) byMember.get(deal.contactId)?.push(deal);
    }
    return { deals, byMember };
  }
}
