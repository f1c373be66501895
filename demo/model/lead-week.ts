import type { Random } from '../random.ts';
import { categoricalIndex, hazardToProbability, normal, poisson, sigmoid } from '../samplers.ts';
import { WEEK_MS, weekStart } from '../time.ts';
import type { ContactRole } from '../vocab/people.ts';
import { forms, marketingPages, nurtureCampaigns, PRICING_PAGE, SALES_CAMPAIGN } from '../vocab/product.ts';
import { sendEmail } from './email.ts';
import { officeTime } from './event-sink.ts';
import { conversionLogHazard, conversionSignals } from './hazards.ts';
import {
  type AccountSim,
  addEngagement,
  canReceiveMarketing,
  emit,
  presence,
  type SimContact,
} from './sim-context.ts';
import { simulateUsageWeek } from './usage.ts';

/** A prospect's buying journey: latent interest, an open opportunity, a trial. */
export interface LeadState {
  readonly createdWeek: number;
  readonly createdAtMs: number;
  /** Latent buying interest (log-odds scale); drifts, and cools while nothing happens. */
  interest: number;
  readonly frailty: number;
  openDealIndex: number | null;
  trialStartMs: number | null;
  trialEndMs: number | null;
}

const roleEngagement: Readonly<Record<ContactRole, number>> = {
  champion: 0.4,
  economic_buyer: -0.1,
  admin: -0.2,
  user: -0.4,
};

const formTable = Object.values(forms);

function pickForm(rng: Random, engagement: number): (typeof formTable)[number] {
  const engaged = sigmoid(engagement);
  const weights = formTable.map((form) => form.engagedWeight * engaged + form.casualWeight * (1 - engaged));
  return formTable[categoricalIndex(rng, weights)] as (typeof formTable)[number];
}

interface WeekIntent {
  wantsSales: SimContact | null;
  wantsSalesAt: number;
  startsTrialAt: number | null;
}

function simulateContactWeek(
  sim: AccountSim,
  lead: LeadState,
  week: number,
  contact: SimContact,
  window: [number, number],
  intent: WeekIntent,
): void {
  const { rng, ledger, firm } = sim;
  const offset = firm.country.utcOffsetHours;
  const engagement = lead.interest + roleEngagement[contact.person.role] + contact.affinity;
  const nurturing = week - lead.createdWeek < 26 || week % 4 === 0;
  if (canReceiveMarketing(contact) && rng.chance(nurturing ? 0.5 : 0.2)) {
    const campaign = nurtureCampaigns[week % nurtureCampaigns.length] as string;
    sendEmail(
      sim,
      week,
      contact,
      officeTime(rng, window[0], window[1], offset),
      campaign,
      engagement,
      'marketing',
    );
  }
  const dealOpen = lead.openDealIndex !== null;
  const salesTarget = dealOpen ? contact.decider || contact.sqlAtMs !== null : contact.mqlAtMs !== null;
  if (salesTarget && rng.chance(dealOpen ? 0.6 : 0.3)) {
    sendEmail(
      sim,
      week,
      contact,
      officeTime(rng, window[0], window[1], offset),
      SALES_CAMPAIGN,
      engagement,
      'sales',
    );
  }
  const views = Math.min(10, poisson(rng, Math.exp(-1.4 + 1.0 * engagement)));
  for (let v = 0; v < views; v++) {
    const at = officeTime(rng, window[0], window[1], offset);
    const pricing = rng.chance(sigmoid(-2.2 + 0.7 * engagement + 0.5 * firm.fit));
    if (!emit(sim, contact, 'page_view', at, { page: pricing ? PRICING_PAGE : rng.pick(marketingPages) }))
      continue;
    addEngagement(contact, pricing ? 3 : 1, at);
    if (pricing) ledger.add(ledger.pricingViews, week, 1);
  }
  if (!rng.chance(sigmoid(-3.8 + 0.9 * engagement))) return;
  const form = pickForm(rng, engagement);
  const at = officeTime(rng, window[0], window[1], offset);
  if (!emit(sim, contact, 'form_submit', at, { page: form.page })) return;
  addEngagement(contact, 8, at);
  ledger.add(ledger.formSubmits, week, 1);
  if (contact.decider) ledger.add(ledger.deciderTouches, week, 1);
  if (form === forms.demo || form === forms.contactSales) {
    intent.wantsSales = contact;
    intent.wantsSalesAt = at;
  }
  if (form === forms.trial && lead.trialStartMs === null) intent.startsTrialAt = at;
}

function bestDecider(sim: AccountSim, atMs: number): SimContact | null {
  let best: SimContact | null = null;
  for (const contact of sim.contacts) {
    if (contact.createdAtMs > atMs) continue;
    if (
      !best ||
      (contact.decider && !best.decider) ||
      (contact.decider === best.decider && contact.engagementPoints > best.engagementPoints)
    )
      best = contact;
  }
  return best;
}

function salesActivity(sim: AccountSim, lead: LeadState, week: number, from: number, to: number): void {
  const { rng, ledger } = sim;
  const offset = sim.firm.country.utcOffsetHours;
  const meetings = lead.openDealIndex === null ? 0 : poisson(rng, 0.45 * Math.exp(0.5 * lead.interest));
  for (let m = 0; m < meetings; m++) {
    const at = officeTime(rng, from, to, offset);
    const attendee = bestDecider(sim, at);
    if (!attendee || !emit(sim, attendee, 'meeting', at, { value: rng.pick([30, 45, 60]) })) continue;
    ledger.add(ledger.meetings, week, 1);
    if (attendee.decider) ledger.add(ledger.deciderTouches, week, 1);
    attendee.sqlAtMs ??= at;
  }
  const hasMql = sim.contacts.some((c) => c.mqlAtMs !== null);
  const calls = hasMql ? poisson(rng, lead.openDealIndex === null ? 0.12 : 0.3) : 0;
  for (let c = 0; c < calls; c++) {
    const at = officeTime(rng, from, to, offset);
    const callee = bestDecider(sim, at);
    if (callee) emit(sim, callee, 'call', at, { value: rng.int(3, 40) });
  }
}

function openDeal(
  sim: AccountSim,
  lead: LeadState,
  contact: SimContact,
  atMs: number,
  expectedAcv: number,
): void {
  contact.sqlAtMs ??= atMs;
  lead.openDealIndex = sim.deals.length;
  sim.deals.push({
    kind: 'new_business',
    createdAtMs: atMs,
    contactIndex: contact.index,
    status: 'open',
    closedAtMs: null,
    amount: expectedAcv,
  });
}

/**
 * One week of a prospect's life. Returns the instant the account bought, or null. `expectedAcv`
 * is what sales would put on a new opportunity.
 */
export function simulateLeadWeek(
  sim: AccountSim,
  lead: LeadState,
  week: number,
  expectedAcv: number,
): number | null {
  const { rng, calendar } = sim;
  const from = Math.max(weekStart(calendar, week), lead.createdAtMs);
  const to = Math.min(weekStart(calendar, week) + WEEK_MS, calendar.asOfMs);
  const offset = sim.firm.country.utcOffsetHours;
  if (to <= from) return null;
  lead.interest = 0.98 * lead.interest + normal(rng, 0, 0.12) - 0.02;
  const intent: WeekIntent = { wantsSales: null, wantsSalesAt: from, startsTrialAt: null };
  for (const contact of sim.contacts) {
    const window = presence(contact, from, to);
    if (window) simulateContactWeek(sim, lead, week, contact, window, intent);
  }
  if (lead.openDealIndex === null) {
    const mql = sim.contacts.find((c) => c.mqlAtMs !== null && c.mqlAtMs < to);
    if (intent.wantsSales) openDeal(sim, lead, intent.wantsSales, intent.wantsSalesAt, expectedAcv);
    else if (mql && rng.chance(sigmoid(-3.4 + lead.interest)))
      openDeal(sim, lead, mql, officeTime(rng, Math.max(from, mql.mqlAtMs ?? from), to, offset), expectedAcv);
  }
  if (intent.startsTrialAt !== null) {
    lead.trialStartMs = intent.startsTrialAt;
    lead.trialEndMs = intent.startsTrialAt + rng.pick([14, 14, 30]) * 86_400_000;
  }
  salesActivity(sim, lead, week, from, to);
  if (
    lead.trialStartMs !== null &&
    lead.trialEndMs !== null &&
    lead.trialEndMs > from &&
    lead.trialStartMs < to
  ) {
    const trialFrom = Math.max(from, lead.trialStartMs);
    const trialTo = Math.min(to, lead.trialEndMs);
    simulateUsageWeek(sim, week, trialFrom, trialTo, {
      health: 0.8 * lead.interest,
      adoptedFeatures: 0b111,
      activityFactor: 1,
    });
  }
  const deal = lead.openDealIndex === null ? null : sim.deals[lead.openDealIndex];
  const signals = conversionSignals(sim.ledger, week);
  const logHazard = conversionLogHazard(signals, {
    interest: lead.interest,
    fit: sim.firm.fit,
    dealOpen: deal !== null && deal !== undefined,
    frailty: lead.frailty,
  });
  if (rng.chance(hazardToProbability(logHazard))) {
    const earliest = Math.max(from, (deal?.createdAtMs ?? from) + 3_600_000);
    if (earliest < to) return officeTime(rng, earliest, to, offset);
  }
  if (deal && to - deal.createdAtMs > 5 * WEEK_MS) {
    const silent = signals.meetings + signals.replies === 0;
    if (rng.chance(0.06 + (silent ? 0.1 : 0))) {
      deal.status = 'lost';
      deal.closedAtMs = officeTime(rng, from, to, offset);
      lead.openDealIndex = null;
      lead.interest -= 0.7;
    }
  }
  return null;
}
