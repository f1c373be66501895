import { poisson, sigmoid } from '../samplers.ts';
import { productFeatures } from '../vocab/product.ts';
import { officeTime, shortlyAfter } from './event-sink.ts';
import { type AccountSim, emit, presence } from './sim-context.ts';

/** How an account uses the product this week; `health` is its latent health (log-odds scale). */
export interface UsageDrivers {
  readonly health: number;
  /** Bit f set = the account has adopted feature f. */
  readonly adoptedFeatures: number;
  /** Multiplier on each user's chance to be active (holiday lull, an account that decided to leave). */
  readonly activityFactor: number;
}

function adoptedList(mask: number): number[] {
  const list: number[] = [];
  for (let f = 0; f < productFeatures.length; f++) if (mask & (1 << f)) list.push(f);
  return list;
}

/** Simulates logins and feature use of every provisioned user; returns how many were active. */
export function simulateUsageWeek(
  sim: AccountSim,
  week: number,
  fromMs: number,
  toMs: number,
  drivers: UsageDrivers,
): number {
  const { rng, ledger } = sim;
  const features = adoptedList(drivers.adoptedFeatures);
  const offset = sim.firm.country.utcOffsetHours;
  let activeUsers = 0;
  for (const contact of sim.contacts) {
    if (!contact.productUser) continue;
    const window = presence(contact, fromMs, toMs);
    if (!window) continue;
    const activeChance = sigmoid(0.6 + 1.2 * drivers.health + contact.activity) * drivers.activityFactor;
    if (!rng.chance(activeChance)) continue;
    const logins = Math.min(
      12,
      1 + poisson(rng, Math.exp(-0.4 + 0.3 * drivers.health + 0.3 * contact.activity)),
    );
    let recorded = 0;
    let featureMask = 0;
    for (let i = 0; i < logins; i++) {
      const at = officeTime(rng, window[0], window[1], offset);
      if (!emit(sim, contact, 'login', at)) continue;
      recorded++;
      if (features.length === 0) continue;
      const uses = poisson(rng, 0.7);
      let usedAt = at;
      for (let u = 0; u < uses; u++) {
        const feature = features[Math.floor(rng.next() ** 1.4 * features.length)] as number;
        usedAt = shortlyAfter(rng, usedAt, 20);
        const name = productFeatures[feature] as string;
        if (emit(sim, contact, 'feature_use', usedAt, { feature: name, value: 1 + poisson(rng, 3) })) {
          featureMask |= 1 << feature;
        }
      }
    }
    if (recorded === 0) continue;
    activeUsers++;
    const slot = ledger.slot(week);
    ledger.logins[slot] = (ledger.logins[slot] as number) + recorded;
    ledger.activeMask[slot] = (ledger.activeMask[slot] as number) | (1 << contact.index);
    ledger.featureMask[slot] = (ledger.featureMask[slot] as number) | featureMask;
  }
  return activeUsers;
}
