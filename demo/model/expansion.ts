import { sigmoid } from '../samplers.ts';
import { type PlanName, planOrder, plans } from '../vocab/product.ts';
import { billingContact, type CustomerState, seatsAt } from './customer-state.ts';
import { officeTime } from './event-sink.ts';
import type { AccountSim } from './sim-context.ts';

/** The plan an MRR belongs on: a customer that outgrows its plan's range moves up. */
function planForMrr(current: PlanName, mrr: number): PlanName {
  let plan = current;
  for (const name of planOrder)
    if (mrr >= plans[name].minMrr && planOrder.indexOf(name) > planOrder.indexOf(plan)) plan = name;
  return plan;
}

/**
 * Healthy, well-used accounts buy more: an expansion opportunity opens, and a few weeks later is
 * won (MRR grows, maybe the plan too) or lost.
 */
export function simulateExpansion(
  sim: AccountSim,
  state: CustomerState,
  week: number,
  from: number,
  to: number,
  activeUsers: number,
): void {
  const { rng } = sim;
  const offset = sim.firm.country.utcOffsetHours;
  const open = state.expansionDealIndex === null ? undefined : sim.deals[state.expansionDealIndex];
  if (open) {
    if (week < state.expansionResolveWeek) return;
    const at = officeTime(rng, from, to, offset);
    if (at >= sim.calendar.asOfMs) return;
    state.expansionDealIndex = null;
    open.closedAtMs = at;
    if (!rng.chance(sigmoid(0.3 + state.health))) {
      open.status = 'lost';
      return;
    }
    const before = state.mrr;
    state.mrr = Math.round(before * rng.uniform(1.15, 1.6));
    state.plan = planForMrr(state.plan, state.mrr);
    open.status = 'won';
    open.amount = (state.mrr - before) * 12;
    const signer = billingContact(sim, at);
    if (signer) {
      sim.sink.add({
        contactId: signer.id,
        accountId: sim.accountId,
        type: 'subscription_change',
        atMs: at,
        value: state.mrr,
        plan: state.plan,
        seats: seatsAt(sim, at),
      });
    }
    return;
  }
  const seats = seatsAt(sim, to);
  const utilisation = Math.min(1, activeUsers / seats);
  if (!rng.chance(0.006 * Math.exp(0.9 * state.health + 2 * (utilisation - 0.6)))) return;
  const at = officeTime(rng, from, to, offset);
  if (at >= sim.calendar.asOfMs) return;
  const champion = sim.contacts.find((c) => c.decider && c.createdAtMs <= at) ?? billingContact(sim, at);
  if (!champion || !sim.sink.recording) return;
  state.expansionDealIndex = sim.deals.length;
  state.expansionResolveWeek = week + rng.int(3, 8);
  sim.deals.push({
    kind: 'expansion',
    createdAtMs: at,
    contactIndex: champion.index,
    status: 'open',
    closedAtMs: null,
    amount: Math.round(state.mrr * 0.3) * 12,
  });
}
