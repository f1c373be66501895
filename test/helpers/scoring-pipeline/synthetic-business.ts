import type { Fixture, FixtureAccount, FixtureContact, FixtureDeal, FixtureEvent } from './fixture-store.ts';

/** Deterministic PRNG (mulberry32) so every test run builds the same business. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
export const SYNTHETIC_AS_OF = '2026-06-01T00:00:00.000Z';

/**
 * A small business with known mechanics: customers whose latent health drives logins and churn,
 * and prospects whose interest drives pricing-page views and conversion. Small enough for unit
 * tests (a few thousand events), strong enough that a model must find the signal.
 */
export const DECISION_ACTIONS = ['nurture_email', 'training_webinar', 'csm_call', 'discount_offer'] as const;

export function syntheticBusiness(
  options: {
    customers?: number;
    prospects?: number;
    seed?: number;
    decisions?: { csmCallEffect: number; annoysHealthy?: number };
  } = {},
): Fixture {
  const random = rng(options.seed ?? 1);
  const asOf = Date.parse(SYNTHETIC_AS_OF);
  const start = asOf - 600 * DAY;
  const accounts: FixtureAccount[] = [];
  const contacts: FixtureContact[] = [];
  const events: FixtureEvent[] = [];
  const deals: FixtureDeal[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  let eventNo = 0;
  const add = (e: Omit<FixtureEvent, 'id'>) => events.push({ id: `e${eventNo++}`, ...e });
  for (let i = 0; i < (options.customers ?? 120); i++) {
    const id = `A${i}`;
    const health = random() * 2 - 1;
    const since = start + Math.floor(random() * 200) * DAY;
    let churnedAt: number | null = null;
    const users = [`C${i}a`, `C${i}b`];
    for (const user of users)
      contacts.push({ id: user, account: id, createdAt: iso(since - DAY), role: 'user' });
    deals.push({
      id: `D${i}`,
      account: id,
      contact: users[0]!,
      status: 'won',
      createdAt: iso(since - 20 * DAY),
      closedAt: iso(since),
      amount: 1200,
    });
    add({
      type: 'subscription_change',
      at: iso(since),
      contact: users[0]!,
      account: id,
      value: 100,
      properties: { plan: health > 0 ? 'Growth' : 'Starter', seats: 2 },
    });
    let h = health;
    let protectedUntil = 0;
    let annoyedUntil = 0;
    for (let week = start; week < asOf; week += 7 * DAY) {
      if (week < since) continue;
      if (options.decisions && (week - since) % (28 * DAY) < 7 * DAY) {
        // A uniformly randomised decision log: each action with probability 1/4.
        const action = DECISION_ACTIONS[Math.floor(random() * DECISION_ACTIONS.length)]!;
        add({
          type: 'task',
          at: iso(week),
          account: id,
          properties: { nba_action: action, nba_propensity: 0.25 },
        });
        if (action === 'csm_call' && h < 0) protectedUntil = week + 35 * DAY;
        if (action === 'csm_call' && h >= 0) annoyedUntil = week + 35 * DAY;
      }
      h = 0.97 * h + (random() - 0.5) * 0.3;
      const logins = Math.round(Math.max(0, 3 + 3 * h + (random() - 0.5) * 2));
      for (let k = 0; k < logins; k++)
        add({
          type: 'login',
          at: iso(week + Math.floor(random() * 7 * DAY)),
          contact: users[k % 2]!,
          account: id,
        });
      if (random() < 0.08 * (1 - h))
        add({
          type: 'support_ticket',
          at: iso(week + DAY),
          contact: users[1]!,
          account: id,
          properties: { severity: 'high' },
        });
      if ((week - since) % (28 * DAY) < 7 * DAY)
        add({ type: 'purchase', at: iso(week + 2 * DAY), contact: users[0]!, account: id, value: 100 });
      const shield =
        (week < protectedUntil ? (options.decisions?.csmCallEffect ?? 1) : 1) *
        (week < annoyedUntil ? (options.decisions?.annoysHealthy ?? 1) : 1);
      if (random() < shield * 0.03 * Math.exp(-2.2 * h)) {
        churnedAt = week + 3 * DAY;
        break;
      }
    }
    accounts.push({
      id,
      createdAt: iso(since - 30 * DAY),
      status: churnedAt === null || churnedAt >= asOf ? 'active' : 'churned',
      ...(churnedAt !== null && churnedAt < asOf ? { churnedAt: iso(churnedAt) } : {}),
      plan: health > 0 ? 'Growth' : 'Starter',
      mrr: 100,
      industry: random() < 0.5 ? 'Software' : 'Retail',
      employees: 10 + Math.floor(random() * 200),
      country: 'US',
    });
  }
  for (let i = 0; i < (options.prospects ?? 200); i++) {
    const id = `P${i}`;
    const person = `L${i}`;
    const created = start + Math.floor(random() * 450) * DAY;
    let interest = random() * 2 - 1;
    let convertedAt: number | null = null;
    accounts.push({
      id,
      createdAt: iso(created),
      status: 'prospect',
      industry: random() < 0.5 ? 'Software' : 'Retail',
      employees: 5 + Math.floor(random() * 100),
      country: 'ES',
    });
    contacts.push({
      id: person,
      account: id,
      createdAt: iso(created),
      role: random() < 0.5 ? 'champion' : 'user',
    });
    for (let week = created; week < asOf; week += 7 * DAY) {
      interest = 0.97 * interest + (random() - 0.5) * 0.3;
      const views = Math.round(Math.max(0, 3 * interest + (random() - 0.5)));
      for (let k = 0; k < views; k++)
        add({
          type: 'page_view',
          at: iso(week + (k + 1) * DAY),
          contact: person,
          properties: { page: '/pricing' },
        });
      if (random() < 0.4) add({ type: 'email_open', at: iso(week + 2 * DAY), contact: person });
      if (random() < 0.02 * Math.exp(3 * interest)) {
        convertedAt = week + 4 * DAY;
        break;
      }
    }
    if (convertedAt !== null && convertedAt < asOf) {
      deals.push({
        id: `W${i}`,
        account: id,
        contact: person,
        status: 'won',
        createdAt: iso(convertedAt - 10 * DAY),
        closedAt: iso(convertedAt),
        amount: 2400,
      });
    }
  }
  return { accounts, contacts, events, deals };
}
