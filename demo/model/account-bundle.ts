import { Random } from '../random.ts';
import { categoricalIndex } from '../samplers.ts';
import type { Calendar } from '../time.ts';
import { simulateAccountHistory } from './account-history.ts';
import type { DomainRegistry } from './domains.ts';
import { generateFirmographics } from './firmographics.ts';
import type { IdSequence } from './ids.ts';
import { buildMarketingList } from './marketing-list.ts';
import { generatePeople } from './people.ts';
import { buildAccount, buildContacts, buildDeals, buildTruth } from './records.ts';
import type { AccountBundle } from './types.ts';

export const MIN_CONTACTS_PER_ACCOUNT = 2;
export const MAX_CONTACTS_PER_ACCOUNT = 8;
const contactCountWeights = [18, 22, 20, 15, 11, 8, 6];

/** 2-8 people, larger companies towards the top. */
function contactCount(rng: Random, employees: number): number {
  const tilt = Math.log10(employees) - 2;
  const weights = contactCountWeights.map((w, i) => w * Math.exp(0.25 * (i - 2) * tilt));
  return MIN_CONTACTS_PER_ACCOUNT + categoricalIndex(rng, weights);
}

export interface AccountBundleInput {
  readonly seed: number;
  readonly accountIndex: number;
  /** Contacts still to generate: the last account is cut to fit the requested total. */
  readonly maxContacts: number;
  readonly calendar: Calendar;
  readonly domains: DomainRegistry;
  readonly ids: IdSequence;
}

/**
 * Generates one account with its people, history, deals, ground truth and marketing-list rows.
 * Each account draws from its own random stream, so it does not depend on the ones before it
 * (only domain uniqueness and id numbering are shared).
 */
export function generateAccountBundle(input: AccountBundleInput): AccountBundle {
  const rng = Random.forStream(input.seed, input.accountIndex);
  const firmRng = rng.fork(1);
  const peopleRng = rng.fork(2);
  const historyRng = rng.fork(3);
  const marketingRng = rng.fork(4);
  const firm = generateFirmographics(firmRng, input.domains);
  const count = Math.max(1, Math.min(input.maxContacts, contactCount(peopleRng, firm.employees)));
  const people = generatePeople(peopleRng, firm, count);
  const accountId = input.ids.account(input.accountIndex);
  const contactIds = people.map(() => input.ids.nextContact());
  const history = simulateAccountHistory(historyRng, input.calendar, firm, accountId, people, contactIds);
  const events = history.sim.sink.sorted();
  const deals = buildDeals(
    history,
    history.sim.deals.map(() => input.ids.nextDeal()),
  );
  const contacts = buildContacts(history);
  return {
    account: buildAccount(history, events, deals),
    contacts,
    deals,
    events,
    truth: buildTruth(history),
    marketing: buildMarketingList(marketingRng, firm, contacts, input.calendar, () =>
      input.ids.nextMarketing(),
    ),
  };
}
