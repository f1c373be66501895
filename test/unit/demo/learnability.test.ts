import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auc, type CsvRow, DAY, type GeneratedDemo, generateInTemp } from './support.ts';

/**
 * The demo only shows meaningful scores if outcomes depend on behaviour. Single hand-made
 * features must already separate the classes; a fitted model does better (bench/demo).
 */

function eventsByAccount(
  events: readonly CsvRow[],
): Map<string, { type: string; at: number; page: string }[]> {
  const byAccount = new Map<string, { type: string; at: number; page: string }[]>();
  for (const e of events) {
    const list = byAccount.get(e.account_id ?? '') ?? [];
    list.push({ type: e.type ?? '', at: Date.parse(e.occurred_at ?? ''), page: e.page ?? '' });
    byAccount.set(e.account_id ?? '', list);
  }
  return byAccount;
}

function count(
  events: readonly { type: string; at: number }[] | undefined,
  from: number,
  to: number,
  keep: (e: { type: string; page?: string }) => boolean,
): number {
  return (events ?? []).filter((e) => e.at >= from && e.at < to && keep(e)).length;
}

describe('learnable structure in the demo data (2,000 contacts)', () => {
  let demo: GeneratedDemo;
  let accounts: CsvRow[];
  let truth: CsvRow[];
  let byAccount: ReturnType<typeof eventsByAccount>;
  const asOf = Date.parse('2026-11-01T00:00:00Z');

  beforeAll(async () => {
    demo = await generateInTemp({ contacts: 2000, seed: 3, badRowsRate: 0 });
    accounts = await demo.read('accounts.csv');
    truth = await demo.read('truth.csv');
    byAccount = eventsByAccount(await demo.read('events.csv'));
  });

  afterAll(async () => demo?.cleanup());

  it('churned accounts log in less in their last 30 days than in the 90 before; active ones do not', () => {
    const decline = (account: CsvRow, reference: number) => {
      const events = byAccount.get(account.account_id ?? '');
      const recent = count(events, reference - 30 * DAY, reference, (e) => e.type === 'login');
      const before =
        count(events, reference - 120 * DAY, reference - 30 * DAY, (e) => e.type === 'login') / 3;
      return Math.log((before + 1) / (recent + 1));
    };
    const churned = accounts
      .filter((a) => a.status === 'churned')
      .map((a) => decline(a, Date.parse(a.churned_at ?? '')));
    const active = accounts.filter((a) => a.status === 'active').map((a) => decline(a, asOf));
    expect(churned.length).toBeGreaterThan(20);
    expect(active.length).toBeGreaterThan(100);
    expect(auc(churned, active)).toBeGreaterThan(0.7);
  });

  it('leads that convert were more engaged in the 60 days before than leads that did not', () => {
    const historyStart = Date.parse(demo.summary.manifest.historyStart);
    const convertedAt = new Map(
      truth
        .filter((t) => t.entity_type === 'account' && t.outcome === 'converted')
        .map((t) => [t.entity_id, Date.parse(t.occurred_at ?? '')]),
    );
    const engaged = (e: { type: string; page?: string }) =>
      ['email_click', 'email_reply', 'form_submit', 'meeting'].includes(e.type) ||
      (e.type === 'page_view' && e.page === '/pricing');
    const leads = accounts.filter((a) => Date.parse(a.created_at ?? '') >= historyStart);
    const engagement = (account: CsvRow, reference: number) =>
      count(byAccount.get(account.account_id ?? ''), reference - 60 * DAY, reference, engaged);
    const converted = leads
      .filter((a) => convertedAt.has(a.account_id ?? ''))
      .map((a) => engagement(a, convertedAt.get(a.account_id ?? '') as number));
    const notConverted = leads
      .filter((a) => !convertedAt.has(a.account_id ?? ''))
      .map((a) => engagement(a, asOf));
    expect(converted.length).toBeGreaterThan(30);
    expect(notConverted.length).toBeGreaterThan(30);
    expect(auc(converted, notConverted)).toBeGreaterThan(0.7);
  });

  it('leaves the problem hard enough that no single signal is perfect', () => {
    const recentLogins = (account: CsvRow, reference: number) =>
      count(
        byAccount.get(account.account_id ?? ''),
        reference - 30 * DAY,
        reference,
        (e) => e.type === 'login',
      );
    // Looking 90 days ahead of churn, as a model must, usage separates the classes only partly.
    const churnedSoon = accounts.filter(
      (a) => a.status === 'churned' && Date.parse(a.churned_at ?? '') > asOf - 270 * DAY,
    );
    const cutoff = (a: CsvRow) => Date.parse(a.churned_at ?? '') - 90 * DAY;
    const positives = churnedSoon.map((a) => -recentLogins(a, cutoff(a)));
    const negatives = accounts
      .filter((a) => a.status === 'active')
      .map((a) => -recentLogins(a, asOf - 90 * DAY));
    const separation = auc(positives, negatives);
    expect(separation).toBeGreaterThan(0.55);
    expect(separation).toBeLessThan(0.95);
  });
});
