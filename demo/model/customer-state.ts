import type { Random } from '../random.ts';
import { normal } from '../samplers.ts';
import { type PlanName, productFeatures } from '../vocab/product.ts';
import type { AccountSim, SimContact } from './sim-context.ts';

/** A paying customer's state: latent health and what it pays. */
export interface CustomerState {
  readonly startMs: number;
  readonly startWeek: number;
  /** Latent health (log-odds scale). Drives usage; pulled toward `target`, which occasionally shifts. */
  health: number;
  target: number;
  readonly baseline: number;
  /** Unobserved churn proneness (log-hazard scale). */
  readonly frailty: number;
  plan: PlanName;
  mrr: number;
  adoptedFeatures: number;
  /** Health lost to last week's support tickets, applied at the start of the next week. */
  pendingPenalty: number;
  nextBillingMs: number;
  decidedWeek: number | null;
  churnAtMs: number | null;
  churned: boolean;
  expansionDealIndex: number | null;
  expansionResolveWeek: number;
}

const planHealth: Readonly<Record<PlanName, number>> = { Starter: -0.1, Growth: 0.1, Enterprise: 0.3 };

export function initialFeatures(rng: Random, count: number): number {
  let mask = 0;
  const pool = Math.min(productFeatures.length, count + 2);
  while (count > 0) {
    const f = rng.int(0, pool - 1);
    if (!(mask & (1 << f))) {
      mask |= 1 << f;
      count--;
    }
  }
  return mask;
}

export function newCustomerState(
  rng: Random,
  options: {
    startMs: number;
    startWeek: number;
    plan: PlanName;
    mrr: number;
    features: number;
    momentum: number;
  },
): CustomerState {
  const baseline = 0.3 + planHealth[options.plan] + 0.4 * options.momentum + normal(rng, 0, 0.8);
  return {
    startMs: options.startMs,
    startWeek: options.startWeek,
    health: baseline + normal(rng, 0, 0.3),
    target: baseline,
    baseline,
    frailty: normal(rng, 0, 0.3),
    plan: options.plan,
    mrr: options.mrr,
    adoptedFeatures: options.features,
    pendingPenalty: 0,
    nextBillingMs: options.startMs,
    decidedWeek: null,
    churnAtMs: null,
    churned: false,
    expansionDealIndex: null,
    expansionResolveWeek: 0,
  };
}

/** Provisioned users at an instant: the seats the account pays for. */
export function seatsAt(sim: AccountSim, atMs: number): number {
  let seats = 0;
  for (const contact of sim.contacts) if (contact.productUser && contact.createdAtMs <= atMs) seats++;
  return Math.max(1, seats);
}

/** Who receives invoices and signs changes: the economic buyer, else an admin, else anyone present. */
export function billingContact(sim: AccountSim, atMs: number): SimContact | null {
  const present = sim.contacts.filter((c) => c.createdAtMs <= atMs);
  return (
    present.find((c) => c.person.role === 'economic_buyer') ??
    present.find((c) => c.person.role === 'admin') ??
    present[0] ??
    null
  );
}

export function addMonth(ms: number): number {
  const date = new Date(ms);
  return Date.UTC(
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    Math.min(date.getUTCDate(), 28),
    date.getUTCHours(),
    date.getUTCMinutes(),
  );
}
