import type { Account, Contact, Deal, ResolvedEvent } from '../../../core/schema/index.ts';
import type { EntitySnapshot } from '../../../scoring/features/snapshot.ts';
import type { ScorePayload } from '../api-schemas.ts';

const DAY_MS = 86_400_000;
/** Source ref of records that came in a request body rather than from a connector. */
const PAYLOAD_SOURCE = { system: 'api_payload', objectType: 'payload', externalId: 'request' } as const;

const iso = (value: string) => new Date(value).toISOString();

function contactOf(
  payload: NonNullable<ScorePayload['contact']>,
  accountId: string | null,
  asOfMs: number,
): Contact {
  const email = payload.email ?? null;
  return {
    id: payload.id ?? 'payload_contact',
    email,
    emailNormalized: email?.toLowerCase() ?? null,
    firstName: null,
    lastName: null,
    title: payload.title ?? null,
    role: payload.role ?? null,
    phone: null,
    timezone: payload.timezone ?? null,
    country: payload.country ?? null,
    city: payload.city ?? null,
    lifecycleStage: payload.lifecycleStage ?? null,
    ownerId: null,
    accountId,
    emailOptIn: payload.emailOptIn ?? null,
    properties: payload.properties ?? {},
    sources: [PAYLOAD_SOURCE],
    // A new lead from a form exists "now": a day before the as-of keeps it in the lead population.
    createdAt: payload.createdAt ? iso(payload.createdAt) : new Date(asOfMs - DAY_MS).toISOString(),
    updatedAt: new Date(asOfMs).toISOString(),
    deletedAt: null,
    mergedInto: null,
  };
}

function accountOf(payload: NonNullable<ScorePayload['account']>, asOfMs: number): Account {
  return {
    id: payload.id ?? 'payload_account',
    name: payload.name ?? null,
    domain: payload.domain ?? null,
    industry: payload.industry ?? null,
    employees: payload.employees ?? null,
    annualRevenue: payload.annualRevenue ?? null,
    plan: payload.plan ?? null,
    mrr: payload.mrr ?? null,
    currency: payload.currency?.toUpperCase() ?? null,
    country: payload.country ?? null,
    ownerId: null,
    status: payload.status ?? null,
    churnedAt: payload.churnedAt ? iso(payload.churnedAt) : null,
    properties: payload.properties ?? {},
    sources: [PAYLOAD_SOURCE],
    createdAt: payload.createdAt ? iso(payload.createdAt) : new Date(asOfMs - DAY_MS).toISOString(),
    updatedAt: new Date(asOfMs).toISOString(),
    deletedAt: null,
    mergedInto: null,
  };
}

/**
 * A snapshot of records sent in the request, shaped exactly like one read from the store, so the
 * feature code cannot tell them apart. Events at or after the as-of are dropped, as a store walk does.
 */
export function payloadSnapshot(payload: ScorePayload, asOfMs: number): EntitySnapshot {
  const account = payload.account ? accountOf(payload.account, asOfMs) : null;
  const contact = payload.contact ? contactOf(payload.contact, account?.id ?? null, asOfMs) : null;
  const events: ResolvedEvent[] = (payload.events ?? [])
    .map((event, i) => ({
      id: i + 1,
      type: event.type,
      occurredAt: iso(event.occurredAt),
      contactId: event.person === undefined ? (contact?.id ?? null) : event.person,
      accountId: account?.id ?? null,
      value: event.value ?? null,
      properties: event.properties ?? {},
      source: { ...PAYLOAD_SOURCE, externalId: `event_${i + 1}` },
    }))
    .filter((event) => Date.parse(event.occurredAt) < asOfMs)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id - b.id);
  const deals: Deal[] = (payload.deals ?? []).map((deal, i) => ({
    id: i + 1,
    source: { ...PAYLOAD_SOURCE, externalId: `deal_${i + 1}` },
    name: null,
    accountId: account?.id ?? null,
    contactId: contact && deal.subject !== 'account' ? contact.id : null,
    stage: deal.stage ?? null,
    status: deal.status,
    amount: deal.amount ?? null,
    currency: null,
    createdAt: iso(deal.createdAt),
    closedAt: deal.closedAt ? iso(deal.closedAt) : null,
    updatedAt: deal.closedAt ? iso(deal.closedAt) : new Date(asOfMs).toISOString(),
    deleted: false,
  }));
  if (contact) {
    return {
      entityType: 'contact',
      id: contact.id,
      contact,
      account,
      contactDeals: deals.filter((deal) => deal.contactId === contact.id),
      accountDeals: account ? deals : [],
      events: events.filter((event) => event.contactId === contact.id),
      accountEvents: account ? events : [],
    };
  }
  return { entityType: 'account', id: account!.id, account: account!, deals, events };
}
