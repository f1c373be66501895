import type { Random } from '../random.ts';
import { weighted } from '../samplers.ts';
import { type ContactRole, firstNames, lastNames, titlesByRole } from '../vocab/people.ts';
import { asciiSlug } from './domains.ts';
import type { Firmographics } from './firmographics.ts';

/** A person at an account, before any behaviour is simulated. */
export interface PersonDraft {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly title: string;
  readonly role: ContactRole;
  readonly phone: string | null;
  readonly timezone: string;
  readonly city: string;
}

type EmailPattern = (first: string, last: string) => string;

const emailPatterns: readonly { weight: number; value: EmailPattern }[] = [
  { weight: 55, value: (f, l) => `${f}.${l}` },
  { weight: 20, value: (f, l) => `${f.charAt(0)}${l}` },
  { weight: 10, value: (f) => f },
  { weight: 5, value: (f, l) => `${f}${l.charAt(0)}` },
  { weight: 10, value: (f, l) => `${f}_${l}` },
];

const plusTags = ['crm', 'sales', 'hubspot', 'news'];

/** Roles for `count` people: usually one economic buyer, a champion, an admin, then users. */
function assignRoles(rng: Random, count: number): ContactRole[] {
  const roles: ContactRole[] = [];
  if (rng.chance(0.85)) roles.push('economic_buyer');
  if (rng.chance(0.75)) roles.push('champion');
  if (rng.chance(0.6)) roles.push('admin');
  while (roles.length < count) roles.push('user');
  return rng.shuffled(roles.slice(0, count));
}

function digits(rng: Random, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(rng.int(0, 9));
  return out;
}

function phoneNumber(rng: Random, prefix: string): string {
  if (prefix === '+1') return `+1 ${rng.int(201, 989)} 555 ${digits(rng, 4)}`;
  return `${prefix} ${rng.int(1, 9)}${digits(rng, 2)} ${digits(rng, 3)} ${digits(rng, 3)}`;
}

/** Mostly clean addresses; a few shouting or plus-tagged ones, as real CRMs hold. */
function decorateEmail(rng: Random, local: string, domain: string): string {
  const roll = rng.next();
  if (roll < 0.03) {
    const shouted = local
      .split('.')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('.');
    return `${shouted}@${domain.charAt(0).toUpperCase()}${domain.slice(1)}`;
  }
  if (roll < 0.05) return `${local}+${rng.pick(plusTags)}@${domain}`;
  return `${local}@${domain}`;
}

export function generatePeople(rng: Random, firm: Firmographics, count: number): PersonDraft[] {
  const pattern = weighted(rng, emailPatterns);
  const group = firm.country.names;
  const usedLocals = new Set<string>();
  return assignRoles(rng, count).map((role) => {
    const firstName = rng.pick(firstNames[group]);
    const lastName = rng.pick(lastNames[group]);
    const base = pattern(asciiSlug(firstName), asciiSlug(lastName));
    let local = base;
    for (let n = 2; usedLocals.has(local); n++) local = `${base}${n}`;
    usedLocals.add(local);
    return {
      firstName,
      lastName,
      email: decorateEmail(rng, local, firm.domain),
      title: rng.pick(titlesByRole[role]),
      role,
      phone: rng.chance(0.88) ? phoneNumber(rng, firm.country.phonePrefix) : null,
      timezone: rng.chance(0.9) ? firm.timezone : rng.pick(firm.country.zones),
      city: rng.chance(0.8) ? firm.city : rng.pick(firm.country.cities),
    };
  });
}
