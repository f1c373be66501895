import type { Random } from '../random.ts';
import type { Calendar } from '../time.ts';
import type { EventSink } from './event-sink.ts';
import type { Firmographics } from './firmographics.ts';
import type { WeeklyLedger } from './ledger.ts';
import type { PersonDraft } from './people.ts';
import type { DemoEvent } from './types.ts';

/** A contact while the simulation runs: latent propensities plus the state that changes over time. */
export interface SimContact {
  readonly index: number;
  readonly id: string;
  readonly person: PersonDraft;
  readonly createdAtMs: number;
  /** Propensity to engage with marketing and sales (latent, log-odds scale). */
  readonly affinity: number;
  /** Propensity to use the product (latent, log-odds scale). */
  readonly activity: number;
  readonly productUser: boolean;
  /** Champions and economic buyers decide purchases; their engagement weighs more. */
  readonly decider: boolean;
  /** The address does not exist: the first e-mail bounces. */
  readonly badAddress: boolean;
  readonly initialOptIn: boolean;
  unsubscribedAtMs: number | null;
  bouncedAtMs: number | null;
  engagementPoints: number;
  mqlAtMs: number | null;
  sqlAtMs: number | null;
}

/** A deal as the simulation tracks it; becomes a `DemoDeal` once the history is complete. */
export interface DealRecord {
  readonly kind: 'new_business' | 'expansion';
  readonly createdAtMs: number;
  readonly contactIndex: number;
  status: 'open' | 'won' | 'lost';
  closedAtMs: number | null;
  /** Annual contract value in the account's currency. */
  amount: number;
}

/** What one account's simulation shares across its weeks. */
export interface AccountSim {
  readonly rng: Random;
  readonly calendar: Calendar;
  readonly firm: Firmographics;
  readonly accountId: string;
  readonly contacts: readonly SimContact[];
  readonly sink: EventSink;
  readonly ledger: WeeklyLedger;
  readonly deals: DealRecord[];
}

export type EventDetails = Omit<DemoEvent, 'contactId' | 'accountId' | 'type' | 'atMs'>;

export function emit(
  sim: AccountSim,
  contact: SimContact,
  type: DemoEvent['type'],
  atMs: number,
  details: EventDetails = {},
): boolean {
  return sim.sink.add({ contactId: contact.id, accountId: sim.accountId, type, atMs, ...details });
}

/** The part of [fromMs, toMs) during which the contact exists, or null when they do not yet. */
export function presence(contact: SimContact, fromMs: number, toMs: number): [number, number] | null {
  const start = Math.max(fromMs, contact.createdAtMs);
  return start < toMs ? [start, toMs] : null;
}

export function canReceiveMarketing(contact: SimContact): boolean {
  return contact.initialOptIn && contact.unsubscribedAtMs === null && contact.bouncedAtMs === null;
}

/** Lead-scoring points a marketing-automation tool would give; crossing the bar makes an MQL. */
export const MQL_POINTS = 18;

export function addEngagement(contact: SimContact, points: number, atMs: number): void {
  contact.engagementPoints += points;
  if (contact.mqlAtMs === null && contact.engagementPoints >= MQL_POINTS) contact.mqlAtMs = atMs;
}
