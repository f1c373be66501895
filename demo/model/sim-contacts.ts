import type { Random } from '../random.ts';
import { exponential, normal } from '../samplers.ts';
import { DAY_MS, HOUR_MS } from '../time.ts';
import type { ContactRole } from '../vocab/people.ts';
import type { PersonDraft } from './people.ts';
import type { SimContact } from './sim-context.ts';

const activityByRole: Readonly<Record<ContactRole, number>> = {
  admin: 0.5,
  champion: 0.4,
  user: 0,
  economic_buyer: -0.6,
};
const productUserChance: Readonly<Record<ContactRole, number>> = {
  admin: 1,
  champion: 0.9,
  user: 0.85,
  economic_buyer: 0.35,
};

/** When the account's people were entered into the CRM. */
export interface ContactTiming {
  readonly accountCreatedMs: number;
  /** For accounts that were already customers when the history starts; null for new leads. */
  readonly customerSinceMs: number | null;
  readonly historyStartMs: number;
  readonly asOfMs: number;
}

function createdAt(rng: Random, index: number, timing: ContactTiming): number {
  const latest = timing.asOfMs - HOUR_MS;
  if (index === 0) return timing.accountCreatedMs;
  if (timing.customerSinceMs !== null) {
    if (rng.chance(0.15)) return Math.round(rng.uniform(timing.historyStartMs, timing.asOfMs - DAY_MS));
    return Math.round(rng.uniform(timing.accountCreatedMs, timing.customerSinceMs + 30 * DAY_MS));
  }
  return Math.min(latest, Math.round(timing.accountCreatedMs + exponential(rng, 1 / (21 * DAY_MS))));
}

/** Gives each person latent propensities and a creation time. */
export function toSimContacts(
  rng: Random,
  people: readonly PersonDraft[],
  ids: readonly string[],
  timing: ContactTiming,
): SimContact[] {
  const contacts = people.map((person, index): SimContact => {
    const role = person.role;
    return {
      index,
      id: ids[index] as string,
      person,
      createdAtMs: Math.floor(createdAt(rng, index, timing) / 1000) * 1000,
      affinity: normal(rng, 0, 0.7),
      activity: normal(rng, activityByRole[role], 0.7),
      productUser: rng.chance(productUserChance[role]),
      decider: role === 'champion' || role === 'economic_buyer',
      badAddress: rng.chance(0.02),
      initialOptIn: rng.chance(0.95),
      unsubscribedAtMs: null,
      bouncedAtMs: null,
      engagementPoints: 0,
      mqlAtMs: null,
      sqlAtMs: null,
    };
  });
  if (!contacts.some((c) => c.productUser)) {
    const first = contacts.find((c) => c.person.role !== 'economic_buyer') ?? contacts[0];
    if (first) contacts[first.index] = { ...first, productUser: true };
  }
  return contacts;
}
