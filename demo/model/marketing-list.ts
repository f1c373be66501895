import type { Random } from '../random.ts';
import { poisson } from '../samplers.ts';
import { type Calendar, DAY_MS, HOUR_MS } from '../time.ts';
import { firstNames, lastNames, personalMailDomains } from '../vocab/people.ts';
import { asciiSlug } from './domains.ts';
import type { Firmographics } from './firmographics.ts';
import type { DemoContact, MarketingContact } from './types.ts';

/**
 * The marketing tool's export: about 30 % of the CRM's people, with the same addresses spelled
 * differently (case, stray spaces), plus sign-ups the CRM never saw. Identity resolution must
 * fold the overlapping ones into one contact each.
 */

const SHARE_IN_MARKETING = 0.3;
const NEW_PEOPLE_PER_ACCOUNT = 0.3;

/** Same mailbox, different spelling: what a second system typically does to an address. */
export function respellEmail(rng: Random, email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const roll = rng.next();
  if (roll < 0.25) return email.toUpperCase();
  if (roll < 0.5) {
    const titled = local
      .split('.')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('.');
    return `${titled}@${domain}`;
  }
  if (roll < 0.7) return `${local}@${domain.toUpperCase()}`;
  if (roll < 0.85) return ` ${email.toLowerCase()} `;
  return email === email.toLowerCase()
    ? `${local}@${domain.charAt(0).toUpperCase()}${domain.slice(1)}`
    : email.toLowerCase();
}

function marketingStage(contact: DemoContact): string {
  if (contact.lifecycleStage === 'customer') return 'customer';
  return contact.lifecycleStage === 'lead' ? 'subscriber' : 'mql';
}

function clampToWindow(ms: number, calendar: Calendar): number {
  return Math.floor(Math.min(calendar.asOfMs - HOUR_MS, ms) / 1000) * 1000;
}

export function buildMarketingList(
  rng: Random,
  firm: Firmographics,
  contacts: readonly DemoContact[],
  calendar: Calendar,
  nextId: () => string,
): MarketingContact[] {
  const rows: MarketingContact[] = [];
  const taken = new Set(contacts.map((c) => c.email.trim().toLowerCase()));
  for (const contact of contacts) {
    if (!rng.chance(SHARE_IN_MARKETING)) continue;
    const createdAtMs = clampToWindow(contact.createdAtMs + rng.uniform(0, 60) * DAY_MS, calendar);
    rows.push({
      id: nextId(),
      email: respellEmail(rng, contact.email),
      firstName: rng.chance(0.1) ? contact.firstName.toLowerCase() : contact.firstName,
      lastName: rng.chance(0.05) ? '' : contact.lastName,
      company: firm.name,
      title: rng.chance(0.7) ? contact.title : '',
      country: contact.country,
      emailOptIn: contact.emailOptIn,
      lifecycleStage: marketingStage(contact),
      createdAtMs,
      updatedAtMs: clampToWindow(createdAtMs + rng.uniform(0, 120) * DAY_MS, calendar),
    });
  }
  const newcomers = poisson(rng, NEW_PEOPLE_PER_ACCOUNT);
  for (let i = 0; i < newcomers; i++) {
    const firstName = rng.pick(firstNames[firm.country.names]);
    const lastName = rng.pick(lastNames[firm.country.names]);
    const personal = rng.chance(0.3);
    const id = nextId();
    // Personal addresses carry the list id's digits: unique across accounts, as real ones are.
    const local = `${asciiSlug(firstName)}.${asciiSlug(lastName)}${personal ? id.replace(/\D/g, '') : ''}`;
    const email = `${local}@${personal ? rng.pick(personalMailDomains) : firm.domain}`;
    if (taken.has(email)) continue;
    taken.add(email);
    const createdAtMs = clampToWindow(rng.uniform(calendar.startMs, calendar.asOfMs), calendar);
    rows.push({
      id,
      email,
      firstName,
      lastName,
      company: firm.name,
      title: '',
      country: firm.country.code,
      emailOptIn: rng.chance(0.97),
      lifecycleStage: 'subscriber',
      createdAtMs,
      updatedAtMs: clampToWindow(createdAtMs + rng.uniform(0, 90) * DAY_MS, calendar),
    });
  }
  return rows;
}
