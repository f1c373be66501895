import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isWellKnownEventType } from '../../../core/schema/event.ts';
import { type CsvRow, type GeneratedDemo, generateInTemp } from './support.ts';

const AS_OF = '2026-11-01T00:00:00.000Z';
const email = z.string().trim().email();

describe('demo data integrity (2,000 contacts, no bad rows)', () => {
  let demo: GeneratedDemo;
  let accounts: CsvRow[];
  let contacts: CsvRow[];
  let deals: CsvRow[];
  let events: CsvRow[];
  let truth: CsvRow[];

  beforeAll(async () => {
    demo = await generateInTemp({ contacts: 2000, seed: 5, badRowsRate: 0 });
    accounts = await demo.read('accounts.csv');
    contacts = await demo.read('contacts.csv');
    deals = await demo.read('deals.csv');
    events = await demo.read('events.csv');
    truth = await demo.read('truth.csv');
  });

  afterAll(async () => demo?.cleanup());

  it('generates exactly the requested contacts, 2-8 per account, and a plausible event volume', () => {
    expect(contacts).toHaveLength(2000);
    const perAccount = new Map<string, number>();
    for (const c of contacts)
      perAccount.set(c.account_id ?? '', (perAccount.get(c.account_id ?? '') ?? 0) + 1);
    expect(perAccount.size).toBe(accounts.length);
    const sizes = [...perAccount.values()];
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8);
    expect(sizes.filter((n) => n < 2).length).toBeLessThanOrEqual(1);
    expect(events.length / contacts.length).toBeGreaterThan(30);
    expect(events.length / contacts.length).toBeLessThan(100);
    expect(demo.summary.counts.contacts).toBe(2000);
  });

  it('uses unique ids and unique account domains', () => {
    for (const [rows, key] of [
      [accounts, 'account_id'],
      [contacts, 'contact_id'],
      [deals, 'deal_id'],
      [events, 'event_id'],
      [accounts, 'domain'],
    ] as const) {
      expect(new Set(rows.map((r) => r[key])).size, key).toBe(rows.length);
    }
  });

  it('keeps references intact: contacts, deals and events point at existing records of the same account', () => {
    const accountIds = new Set(accounts.map((a) => a.account_id));
    const contactAccount = new Map(contacts.map((c) => [c.contact_id, c.account_id]));
    expect(contacts.every((c) => accountIds.has(c.account_id))).toBe(true);
    expect(
      deals.every((d) => accountIds.has(d.account_id) && contactAccount.get(d.contact_id) === d.account_id),
    ).toBe(true);
    expect(events.every((e) => contactAccount.get(e.contact_id) === e.account_id)).toBe(true);
  });

  it('puts every event before asOf, after its contact was created, and in time order per account', () => {
    const contactCreated = new Map(contacts.map((c) => [c.contact_id, c.created_at ?? '']));
    const violations: string[] = [];
    let previous = { account: '', at: '' };
    for (const e of events) {
      const at = e.occurred_at ?? '';
      if (at >= AS_OF) violations.push(`${e.event_id} after asOf`);
      if (at < (contactCreated.get(e.contact_id) ?? ''))
        violations.push(`${e.event_id} before its contact existed`);
      if (e.account_id === previous.account && at < previous.at)
        violations.push(`${e.event_id} out of order`);
      previous = { account: e.account_id ?? '', at };
    }
    expect(violations).toEqual([]);
  });

  it('silences churned accounts after churned_at and ties churn to status, MRR and truth', () => {
    const churned = accounts.filter((a) => a.status === 'churned');
    expect(churned.length).toBeGreaterThan(10);
    expect(accounts.every((a) => (a.status === 'churned') === (a.churned_at !== ''))).toBe(true);
    const churnedAt = new Map(churned.map((a) => [a.account_id, a.churned_at ?? '']));
    expect(churned.every((a) => a.mrr === '0' && (a.churned_at ?? '') < AS_OF)).toBe(true);
    expect(events.filter((e) => (e.occurred_at ?? '') > (churnedAt.get(e.account_id) ?? AS_OF))).toEqual([]);
    const truthChurn = truth.filter((t) => t.outcome === 'churned');
    expect(new Map(truthChurn.map((t) => [t.entity_id, t.occurred_at]))).toEqual(churnedAt);
  });

  it('marks converted contacts as customers and every account in a known status', () => {
    const converted = new Set(
      truth.filter((t) => t.entity_type === 'contact' && t.outcome === 'converted').map((t) => t.entity_id),
    );
    expect(converted.size).toBeGreaterThan(100);
    expect(
      contacts.filter((c) => converted.has(c.contact_id)).every((c) => c.lifecycle_stage === 'customer'),
    ).toBe(true);
    const statuses = new Set(accounts.map((a) => a.status));
    expect([...statuses].sort()).toEqual(
      ['active', 'churned', 'prospect', 'trial'].filter((s) => statuses.has(s)),
    );
    expect(statuses.has('prospect') && statuses.has('active')).toBe(true);
  });

  it('writes values the canonical schema accepts, with a few addresses that need normalising', () => {
    expect(contacts.every((c) => email.safeParse(c.email).success)).toBe(true);
    expect(contacts.some((c) => c.email !== c.email?.toLowerCase())).toBe(true);
    expect(contacts.some((c) => c.email?.includes('+'))).toBe(true);
    expect(contacts.some((c) => c.email_opt_in === 'false')).toBe(true);
    expect(
      contacts.every((c) => ['economic_buyer', 'champion', 'admin', 'user'].includes(c.role ?? '')),
    ).toBe(true);
    expect(contacts.every((c) => ['lead', 'mql', 'sql', 'customer'].includes(c.lifecycle_stage ?? ''))).toBe(
      true,
    );
    for (const zone of new Set(contacts.map((c) => c.timezone)))
      expect(() => new Intl.DateTimeFormat('en', { timeZone: zone })).not.toThrow();
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThanOrEqual(14);
    expect(events.every((e) => isWellKnownEventType(e.type ?? ''))).toBe(true);
    expect(accounts.every((a) => ['USD', 'EUR', 'GBP'].includes(a.currency ?? ''))).toBe(true);
    expect(
      accounts.every((a) => a.plan === '' || ['Starter', 'Growth', 'Enterprise'].includes(a.plan ?? '')),
    ).toBe(true);
    expect(
      deals.every((d) => ['open', 'won', 'lost'].includes(d.status ?? '') && Number(d.amount) >= 0),
    ).toBe(true);
    expect(deals.every((d) => (d.status === 'open') === (d.closed_at === ''))).toBe(true);
    expect(events.filter((e) => e.type === 'feature_use').every((e) => e.feature !== '')).toBe(true);
    expect(
      events
        .filter((e) => e.type === 'support_ticket')
        .every((e) => ['low', 'medium', 'high', 'urgent'].includes(e.severity ?? '')),
    ).toBe(true);
  });

  it('exports a marketing list sharing about 30 % of the people, spelled differently, plus new people', async () => {
    const marketing = await demo.read('marketing_contacts.csv');
    const crmEmails = new Set(contacts.map((c) => c.email?.trim().toLowerCase()));
    const shared = marketing.filter((m) => crmEmails.has(m.email?.trim().toLowerCase()));
    expect(shared.length / contacts.length).toBeGreaterThan(0.25);
    expect(shared.length / contacts.length).toBeLessThan(0.35);
    const exactSpelling = new Set(contacts.map((c) => c.email));
    expect(shared.filter((m) => !exactSpelling.has(m.email)).length / shared.length).toBeGreaterThan(0.7);
    expect(marketing.length - shared.length).toBeGreaterThan(50);
    expect(marketing.every((m) => email.safeParse(m.email).success)).toBe(true);
    expect(marketing.some((m) => m.email !== m.email?.trim())).toBe(true);
    expect(new Set(marketing.map((m) => m.email?.trim().toLowerCase())).size).toBe(marketing.length);
    expect(marketing.every((m) => m.contact_id?.startsWith('mkt_'))).toBe(true);
  });
});
