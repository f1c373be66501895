import { HOUR_MS, WEEK_MS } from '../time.ts';
import { LOST_STAGE, openDealStages, WON_STAGE } from '../vocab/product.ts';
import type { AccountHistory } from './account-history.ts';
import type { DealRecord, SimContact } from './sim-context.ts';
import type {
  DemoAccount,
  DemoAccountStatus,
  DemoContact,
  DemoDeal,
  DemoEvent,
  DemoLifecycleStage,
  TruthRow,
} from './types.ts';

/** Turns a finished simulation into the records a CRM would hold as of `asOf`. */

function accountStatus(history: AccountHistory, asOfMs: number): DemoAccountStatus {
  if (history.customer) return history.customer.churned ? 'churned' : 'active';
  const lead = history.lead;
  if (lead?.trialEndMs && lead.trialStartMs !== null && lead.trialEndMs > asOfMs) return 'trial';
  return 'prospect';
}

export function buildAccount(
  history: AccountHistory,
  events: readonly DemoEvent[],
  deals: readonly DemoDeal[],
): DemoAccount {
  const { sim, customer } = history;
  const { firm, calendar } = sim;
  const status = accountStatus(history, calendar.asOfMs);
  const churnedAtMs = customer?.churned ? customer.churnAtMs : null;
  let updatedAtMs = Math.max(history.accountCreatedMs, churnedAtMs ?? 0);
  const lastEvent = events[events.length - 1];
  if (lastEvent) updatedAtMs = Math.max(updatedAtMs, lastEvent.atMs);
  for (const deal of deals) updatedAtMs = Math.max(updatedAtMs, deal.updatedAtMs);
  return {
    id: sim.accountId,
    name: firm.name,
    domain: firm.domain,
    industry: firm.industry.name,
    employees: firm.employees,
    annualRevenue: firm.annualRevenue,
    plan: customer ? customer.plan : status === 'trial' ? firm.plan : null,
    mrr: status === 'active' ? (customer?.mrr ?? null) : status === 'churned' ? 0 : null,
    currency: firm.country.currency,
    country: firm.country.code,
    ownerId: firm.ownerId,
    status,
    churnedAtMs,
    createdAtMs: history.accountCreatedMs,
    updatedAtMs: Math.min(updatedAtMs, calendar.asOfMs),
  };
}

function lifecycleOf(contact: SimContact, converted: boolean): DemoLifecycleStage {
  if (converted) return 'customer';
  if (contact.sqlAtMs !== null) return 'sql';
  return contact.mqlAtMs !== null ? 'mql' : 'lead';
}

export function buildContacts(history: AccountHistory): DemoContact[] {
  const { sim, convertedAtMs } = history;
  const { firm, calendar } = sim;
  return sim.contacts.map((contact) => {
    const person = contact.person;
    const converted = convertedAtMs !== null;
    const changes = [
      contact.createdAtMs,
      contact.mqlAtMs,
      contact.sqlAtMs,
      contact.unsubscribedAtMs,
      contact.bouncedAtMs,
    ];
    if (converted) changes.push(Math.max(convertedAtMs, contact.createdAtMs));
    const updatedAtMs = Math.min(calendar.asOfMs, Math.max(...changes.map((ms) => ms ?? 0)));
    return {
      id: contact.id,
      accountId: sim.accountId,
      email: person.email,
      firstName: person.firstName,
      lastName: person.lastName,
      title: person.title,
      role: person.role,
      phone: person.phone,
      timezone: person.timezone,
      country: firm.country.code,
      city: person.city,
      lifecycleStage: lifecycleOf(contact, converted),
      ownerId: firm.ownerId,
      emailOptIn: contact.initialOptIn && contact.unsubscribedAtMs === null,
      createdAtMs: contact.createdAtMs,
      updatedAtMs,
    };
  });
}

function dealStage(deal: DealRecord, asOfMs: number): { stage: string; updatedAtMs: number } {
  if (deal.status === 'won') return { stage: WON_STAGE, updatedAtMs: deal.closedAtMs ?? deal.createdAtMs };
  if (deal.status === 'lost') return { stage: LOST_STAGE, updatedAtMs: deal.closedAtMs ?? deal.createdAtMs };
  const step = Math.min(openDealStages.length - 1, Math.floor((asOfMs - deal.createdAtMs) / (2 * WEEK_MS)));
  const updatedAtMs = Math.min(asOfMs - HOUR_MS, deal.createdAtMs + step * 2 * WEEK_MS);
  return { stage: openDealStages[step] as string, updatedAtMs: Math.max(deal.createdAtMs, updatedAtMs) };
}

export function buildDeals(history: AccountHistory, dealIds: readonly string[]): DemoDeal[] {
  const { sim } = history;
  const planLabel = history.customer?.plan ?? sim.firm.plan;
  return sim.deals.map((deal, i) => {
    const { stage, updatedAtMs } = dealStage(deal, sim.calendar.asOfMs);
    const contact = sim.contacts[deal.contactIndex] ?? sim.contacts[0];
    return {
      id: dealIds[i] as string,
      accountId: sim.accountId,
      contactId: contact?.id ?? '',
      name:
        deal.kind === 'expansion' ? `${sim.firm.name} - Expansion` : `${sim.firm.name} - ${planLabel} plan`,
      stage,
      status: deal.status,
      amount: Math.max(0, deal.amount),
      currency: sim.firm.country.currency,
      createdAtMs: deal.createdAtMs,
      closedAtMs: deal.status === 'open' ? null : deal.closedAtMs,
      updatedAtMs,
      ownerId: sim.firm.ownerId,
    };
  });
}

export function buildTruth(history: AccountHistory): TruthRow[] {
  const { sim, convertedAtMs, customer } = history;
  const rows: TruthRow[] = [];
  const accountId = sim.accountId;
  if (convertedAtMs !== null) {
    rows.push({
      entityType: 'account',
      entityId: accountId,
      accountId,
      outcome: 'converted',
      atMs: convertedAtMs,
    });
    for (const contact of sim.contacts) {
      if (contact.createdAtMs <= convertedAtMs)
        rows.push({
          entityType: 'contact',
          entityId: contact.id,
          accountId,
          outcome: 'converted',
          atMs: convertedAtMs,
        });
    }
  }
  if (customer?.churned && customer.churnAtMs !== null) {
    rows.push({
      entityType: 'account',
      entityId: accountId,
      accountId,
      outcome: 'churned',
      atMs: customer.churnAtMs,
    });
  }
  return rows;
}
