import { categoricalIndex, clamp, hazardToProbability, normal, poisson, sigmoid } from '../samplers.ts';
import { isHolidayLull, WEEK_MS, weekStart } from '../time.ts';
import {
  customerCampaigns,
  customerPages,
  PRICING_PAGE,
  plans,
  productFeatures,
  severityWeight,
  type TicketSeverity,
  ticketSeverities,
} from '../vocab/product.ts';
import { addMonth, billingContact, type CustomerState, seatsAt } from './customer-state.ts';
import { sendEmail } from './email.ts';
import { officeTime } from './event-sink.ts';
import { simulateExpansion } from './expansion.ts';
import { churnLogHazard, churnSignals } from './hazards.ts';
import { type AccountSim, canReceiveMarketing, emit, presence, type SimContact } from './sim-context.ts';
import { simulateUsageWeek } from './usage.ts';

function driftHealth(sim: AccountSim, state: CustomerState): void {
  const { rng } = sim;
  if (rng.chance(0.02)) state.target = state.baseline + normal(rng, 0, 1);
  // Bounded so that bad weeks (more tickets -> lower health -> more tickets) cannot run away.
  const penalty = Math.min(0.5, state.pendingPenalty);
  state.health = clamp(
    state.health + 0.15 * (state.target - state.health) + normal(rng, 0, 0.12) - penalty,
    -4,
    4,
  );
  state.pendingPenalty = 0;
  if (rng.chance(0.06 * sigmoid(2 * state.health))) {
    state.adoptedFeatures |= 1 << rng.int(0, productFeatures.length - 1);
  } else if (state.health < -0.8 && rng.chance(0.05)) {
    state.adoptedFeatures &= ~(1 << rng.int(0, productFeatures.length - 1));
  }
}

function ticketReporter(sim: AccountSim, atMs: number): SimContact | null {
  const candidates = sim.contacts.filter((c) => c.productUser && c.createdAtMs <= atMs);
  return (
    candidates.find((c) => c.person.role === 'admin' && sim.rng.chance(0.5)) ??
    (candidates.length > 0 ? sim.rng.pick(candidates) : null)
  );
}

function simulateSupport(
  sim: AccountSim,
  state: CustomerState,
  week: number,
  from: number,
  to: number,
  activeUsers: number,
): void {
  const { rng, ledger } = sim;
  const tickets = Math.min(
    6,
    poisson(rng, Math.exp(-2.5 - 0.6 * state.health + 0.25 * Math.log1p(activeUsers))),
  );
  const weights = [4, 3, 1.3 * Math.exp(-0.5 * state.health), 0.5 * Math.exp(-0.7 * state.health)];
  for (let t = 0; t < tickets; t++) {
    const at = officeTime(rng, from, to, sim.firm.country.utcOffsetHours);
    const reporter = ticketReporter(sim, at);
    const severity = ticketSeverities[categoricalIndex(rng, weights)] as TicketSeverity;
    if (!reporter || !emit(sim, reporter, 'support_ticket', at, { severity })) continue;
    ledger.add(ledger.ticketLoad, week, severityWeight[severity]);
    state.pendingPenalty += 0.1 * severityWeight[severity];
  }
}

function simulateTouches(
  sim: AccountSim,
  state: CustomerState,
  week: number,
  from: number,
  to: number,
  activeUsers: number,
): void {
  const { rng } = sim;
  const offset = sim.firm.country.utcOffsetHours;
  for (const contact of sim.contacts) {
    const window = presence(contact, from, to);
    if (!window) continue;
    const engagement = 0.3 * state.health + contact.affinity - 0.3;
    if ((week + contact.index) % 4 === 0 && canReceiveMarketing(contact) && rng.chance(0.9)) {
      const campaign = customerCampaigns[Math.floor(week / 4) % customerCampaigns.length] as string;
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
  }
  const docs = poisson(rng, 0.25 * activeUsers);
  const pricingChance =
    0.03 + (state.decidedWeek !== null ? 0.2 : 0) + (state.expansionDealIndex !== null ? 0.3 : 0);
  const pricing = rng.chance(pricingChance) ? 1 : 0;
  for (let v = 0; v < docs + pricing; v++) {
    const at = officeTime(rng, from, to, offset);
    const viewer = ticketReporter(sim, at);
    if (viewer)
      emit(sim, viewer, 'page_view', at, { page: v < docs ? rng.pick(customerPages) : PRICING_PAGE });
  }
  const sinceStart = week - state.startWeek;
  const reviewEvery = state.plan === 'Enterprise' ? 13 : state.plan === 'Growth' ? 26 : 0;
  if (reviewEvery > 0 && sinceStart > 0 && sinceStart % reviewEvery === 0) {
    const at = officeTime(rng, from, to, offset);
    const attendee = sim.contacts.find((c) => c.decider && c.createdAtMs <= at) ?? billingContact(sim, at);
    if (attendee) emit(sim, attendee, 'meeting', at, { value: 60 });
  }
  if (sim.ledger.sum(sim.ledger.ticketLoad, week, 2) >= 2 && rng.chance(0.5)) {
    const at = officeTime(rng, from, to, offset);
    const callee = ticketReporter(sim, at);
    if (callee) emit(sim, callee, 'call', at, { value: rng.int(10, 45) });
  }
}

function simulateBilling(sim: AccountSim, state: CustomerState, from: number, to: number): void {
  while (state.nextBillingMs < to) {
    const at = state.nextBillingMs;
    state.nextBillingMs = addMonth(at);
    if (at < from) continue;
    const payer = billingContact(sim, at);
    if (payer) emit(sim, payer, 'purchase', at, { value: state.mrr, plan: state.plan });
  }
}

function considerChurn(sim: AccountSim, state: CustomerState, week: number): void {
  if (state.decidedWeek !== null || week < state.startWeek + 2 || !sim.sink.recording) return;
  const { rng, calendar } = sim;
  const seats = seatsAt(sim, weekStart(calendar, week) + WEEK_MS);
  const logHazard = churnLogHazard(churnSignals(sim.ledger, week, seats), {
    health: state.health,
    planShift: plans[state.plan].churnShift,
    newCustomer: week - state.startWeek < 13,
    frailty: state.frailty,
  });
  if (!rng.chance(hazardToProbability(logHazard))) return;
  state.decidedWeek = week;
  state.target -= 1;
  const lag = Math.min(12, 3 + poisson(rng, 3));
  const churnWeekStart = weekStart(calendar, week + lag);
  state.churnAtMs = officeTime(
    rng,
    churnWeekStart,
    churnWeekStart + WEEK_MS,
    sim.firm.country.utcOffsetHours,
  );
  sim.sink.limitMs = Math.min(sim.sink.limitMs, state.churnAtMs);
}

function closeAccount(sim: AccountSim, state: CustomerState): void {
  const at = state.churnAtMs as number;
  state.churned = true;
  const signer = billingContact(sim, at);
  if (signer)
    sim.sink.addFinal({
      contactId: signer.id,
      accountId: sim.accountId,
      type: 'subscription_change',
      atMs: at,
      value: 0,
      plan: state.plan,
      seats: 0,
    });
  if (state.expansionDealIndex !== null) {
    const deal = sim.deals[state.expansionDealIndex];
    if (deal) {
      deal.status = 'lost';
      deal.closedAtMs = at;
    }
    state.expansionDealIndex = null;
  }
}

/** One week of a paying customer. Sets `state.churned` once the account has left. */
export function simulateCustomerWeek(sim: AccountSim, state: CustomerState, week: number): void {
  const from = Math.max(weekStart(sim.calendar, week), state.startMs);
  const to = weekStart(sim.calendar, week) + WEEK_MS;
  if (to <= from) return;
  driftHealth(sim, state);
  const leaving = state.decidedWeek === null ? 1 : Math.max(0.05, 0.75 ** (week - state.decidedWeek + 1));
  const lull = isHolidayLull(from) ? 0.6 : 1;
  const activeUsers = simulateUsageWeek(sim, week, from, to, {
    health: state.health,
    adoptedFeatures: state.adoptedFeatures,
    activityFactor: leaving * lull,
  });
  simulateSupport(sim, state, week, from, to, activeUsers);
  simulateTouches(sim, state, week, from, to, activeUsers);
  simulateBilling(sim, state, from, to);
  if (state.decidedWeek === null) simulateExpansion(sim, state, week, from, to, activeUsers);
  considerChurn(sim, state, week);
  if (state.churnAtMs !== null && state.churnAtMs < to && state.churnAtMs < sim.calendar.asOfMs)
    closeAccount(sim, state);
}
