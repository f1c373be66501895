import type { Random } from '../random.ts';
import { lognormal, normal } from '../samplers.ts';
import { type Calendar, DAY_MS, WEEK_MS } from '../time.ts';
import { type PlanName, plans } from '../vocab/product.ts';
import {
  addMonth,
  billingContact,
  type CustomerState,
  initialFeatures,
  newCustomerState,
  seatsAt,
} from './customer-state.ts';
import { simulateCustomerWeek } from './customer-week.ts';
import { EventSink } from './event-sink.ts';
import type { Firmographics } from './firmographics.ts';
import { type LeadState, simulateLeadWeek } from './lead-week.ts';
import { WeeklyLedger } from './ledger.ts';
import type { PersonDraft } from './people.ts';
import { toSimContacts } from './sim-contacts.ts';
import type { AccountSim, SimContact } from './sim-context.ts';

/** Weeks simulated before the history window so customers start it with a usage track record. */
const WARM_UP_WEEKS = 12;

/** Everything that happened to one account, as the simulation left it. */
export interface AccountHistory {
  readonly sim: AccountSim;
  readonly accountCreatedMs: number;
  readonly convertedAtMs: number | null;
  readonly customer: CustomerState | null;
  readonly lead: LeadState | null;
}

/** Log-uniform MRR within the plan's range, larger companies towards the top. */
function initialMrr(rng: Random, plan: PlanName, employees: number): number {
  const { minMrr, maxMrr } = plans[plan];
  const position = Math.min(1, Math.max(0, rng.next() * 0.8 + 0.1 * (Math.log10(employees) - 1.5)));
  return Math.round(Math.exp(Math.log(minMrr) + position * (Math.log(maxMrr) - Math.log(minMrr))));
}

function becomeCustomer(sim: AccountSim, lead: LeadState, atMs: number, week: number): CustomerState {
  const { rng, firm } = sim;
  const mrr = initialMrr(rng, firm.plan, firm.employees);
  const existing = lead.openDealIndex === null ? undefined : sim.deals[lead.openDealIndex];
  const deal = existing ?? {
    kind: 'new_business' as const,
    createdAtMs: Math.max(lead.createdAtMs, lead.trialStartMs ?? atMs - 2 * DAY_MS),
    contactIndex: (
      sim.contacts.find((c) => c.decider && c.createdAtMs <= atMs) ?? (sim.contacts[0] as SimContact)
    ).index,
    status: 'open' as const,
    closedAtMs: null,
    amount: 0,
  };
  if (!existing) sim.deals.push(deal);
  deal.status = 'won';
  deal.closedAtMs = atMs;
  deal.amount = mrr * 12;
  lead.openDealIndex = null;
  const state = newCustomerState(rng, {
    startMs: atMs,
    startWeek: week,
    plan: firm.plan,
    mrr,
    features: initialFeatures(rng, plans[firm.plan].initialFeatures),
    momentum: lead.interest,
  });
  const payer = billingContact(sim, atMs);
  if (payer) {
    sim.sink.add({
      contactId: payer.id,
      accountId: sim.accountId,
      type: 'purchase',
      atMs,
      value: mrr,
      plan: firm.plan,
    });
    sim.sink.add({
      contactId: payer.id,
      accountId: sim.accountId,
      type: 'subscription_change',
      atMs,
      value: mrr,
      plan: firm.plan,
      seats: seatsAt(sim, atMs),
    });
  }
  state.nextBillingMs = addMonth(atMs);
  return state;
}

function runCustomer(sim: AccountSim, state: CustomerState, fromWeek: number): void {
  for (let week = fromWeek; week < sim.calendar.weeks && !state.churned; week++) {
    sim.sink.recording = week >= 0;
    simulateCustomerWeek(sim, state, week);
  }
}

interface HistoryInput {
  readonly rng: Random;
  readonly calendar: Calendar;
  readonly firm: Firmographics;
  readonly accountId: string;
  readonly people: readonly PersonDraft[];
  readonly contactIds: readonly string[];
}

function newSim(input: HistoryInput, contacts: SimContact[]): AccountSim {
  const { rng, calendar, firm, accountId } = input;
  const ledger = new WeeklyLedger(calendar.weeks, WARM_UP_WEEKS);
  return {
    rng,
    calendar,
    firm,
    accountId,
    contacts,
    sink: new EventSink(calendar.asOfMs),
    ledger,
    deals: [],
  };
}

/** An account that was already paying before the history window opens. */
function simulateExistingCustomer(input: HistoryInput): AccountHistory {
  const { rng, calendar, firm } = input;
  const customerSinceMs = Math.floor((calendar.startMs - rng.uniform(7, 900) * DAY_MS) / 1000) * 1000;
  const accountCreatedMs = customerSinceMs - Math.round((rng.uniform(3, 20) * WEEK_MS) / 1000) * 1000;
  const contacts = toSimContacts(rng, input.people, input.contactIds, {
    accountCreatedMs,
    customerSinceMs,
    historyStartMs: calendar.startMs,
    asOfMs: calendar.asOfMs,
  });
  const sim = newSim(input, contacts);
  const mrr = initialMrr(rng, firm.plan, firm.employees);
  const startWeek = Math.floor((customerSinceMs - calendar.startMs) / WEEK_MS);
  const state = newCustomerState(rng, {
    startMs: customerSinceMs,
    startWeek,
    plan: firm.plan,
    mrr,
    features: initialFeatures(rng, plans[firm.plan].initialFeatures + rng.int(0, 3)),
    momentum: normal(rng, 0, 1),
  });
  const salesCycleMs = Math.round((lognormal(rng, Math.log(40), 0.5) * DAY_MS) / 1000) * 1000;
  const champion =
    contacts.find((c) => c.decider && c.createdAtMs <= customerSinceMs) ?? (contacts[0] as SimContact);
  sim.deals.push({
    kind: 'new_business',
    createdAtMs: Math.max(accountCreatedMs, customerSinceMs - salesCycleMs),
    contactIndex: champion.index,
    status: 'won',
    closedAtMs: customerSinceMs,
    amount: mrr * 12,
  });
  runCustomer(sim, state, Math.max(-WARM_UP_WEEKS, startWeek));
  return { sim, accountCreatedMs, convertedAtMs: customerSinceMs, customer: state, lead: null };
}

/** A company that enters the CRM as a lead during the history window and may buy. */
function simulateNewLead(input: HistoryInput): AccountHistory {
  const { rng, calendar, firm } = input;
  const accountCreatedMs =
    Math.floor(rng.uniform(calendar.startMs, calendar.asOfMs - 2 * DAY_MS) / 1000) * 1000;
  const contacts = toSimContacts(rng, input.people, input.contactIds, {
    accountCreatedMs,
    customerSinceMs: null,
    historyStartMs: calendar.startMs,
    asOfMs: calendar.asOfMs,
  });
  const sim = newSim(input, contacts);
  const createdWeek = Math.floor((accountCreatedMs - calendar.startMs) / WEEK_MS);
  const lead: LeadState = {
    createdWeek,
    createdAtMs: accountCreatedMs,
    interest: normal(rng, 0, 1),
    frailty: normal(rng, 0, 0.3),
    openDealIndex: null,
    trialStartMs: null,
    trialEndMs: null,
  };
  const expectedAcv = Math.round((plans[firm.plan].minMrr + plans[firm.plan].maxMrr) / 2) * 12;
  for (let week = createdWeek; week < calendar.weeks; week++) {
    const convertedAt = simulateLeadWeek(sim, lead, week, expectedAcv);
    if (convertedAt === null) continue;
    const customer = becomeCustomer(sim, lead, convertedAt, week);
    runCustomer(sim, customer, week + 1);
    return { sim, accountCreatedMs, convertedAtMs: convertedAt, customer, lead };
  }
  return { sim, accountCreatedMs, convertedAtMs: null, customer: null, lead };
}

/** Plays out one account's history week by week: about 40 % start as customers, the rest as new leads. */
export function simulateAccountHistory(
  rng: Random,
  calendar: Calendar,
  firm: Firmographics,
  accountId: string,
  people: readonly PersonDraft[],
  contactIds: readonly string[],
): AccountHistory {
  const input = { rng, calendar, firm, accountId, people, contactIds };
  return rng.chance(0.4) ? simulateExistingCustomer(input) : simulateNewLead(input);
}
