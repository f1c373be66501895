import { Client } from '@hubspot/api-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_EMULATOR_TOKEN } from '../../../../emulators/hubspot/index.ts';
import { type Harness, openStore, startHarness, sync } from './harness.ts';

const DAY = 86_400_000;

type Store = Awaited<ReturnType<typeof openStore>>;

function storedDeals(store: Store): Map<string, { amount: number | null; currency: string | null }> {
  const rows = store.database.prepare('SELECT source_key, amount, currency FROM deals').all() as {
    source_key: string;
    amount: number | null;
    currency: string | null;
  }[];
  return new Map(rows.map((row) => [row.source_key.split('/').pop()!, row]));
}

describe('HubSpot deals in several currencies arrive in the company currency', () => {
  let harness: Harness;
  let ids: Record<'usd' | 'eurOpen' | 'eurWon' | 'gbp', string>;
  beforeEach(async () => {
    harness = await startHarness({ rateLimit: false });
    const { state } = harness.emulator;
    const now = harness.clock.now().getTime();
    // Company currency USD; EUR was worth 1.10 USD a month ago and 1.20 since yesterday.
    state.addExchangeRate('EUR', 1.1, now - 30 * DAY);
    state.addExchangeRate('EUR', 1.2, now - DAY);
    const deal = (properties: Record<string, string>) => String(state.create('deals', properties).id);
    ids = {
      usd: deal({
        dealname: 'US renewal',
        amount: '1000',
        deal_currency_code: 'USD',
        dealstage: 'qualifiedtobuy',
      }),
      eurOpen: deal({
        dealname: 'Berlin',
        amount: '1000',
        deal_currency_code: 'EUR',
        dealstage: 'qualifiedtobuy',
      }),
      eurWon: deal({
        dealname: 'Paris',
        amount: '1000',
        deal_currency_code: 'EUR',
        dealstage: 'closedwon',
        closedate: new Date(now - 10 * DAY).toISOString(),
      }),
      gbp: deal({
        dealname: 'London',
        amount: '500',
        deal_currency_code: 'GBP',
        dealstage: 'qualifiedtobuy',
      }),
    };
  });
  afterEach(() => harness.close());

  it('HubSpot calculates amount_in_home_currency with the rate of the close date, or of today while open', async () => {
    const client = new Client({ accessToken: DEFAULT_EMULATOR_TOKEN, basePath: harness.emulator.url });
    const read = async (id: string) =>
      (
        await client.crm.deals.basicApi.getById(id, [
          'amount',
          'deal_currency_code',
          'amount_in_home_currency',
        ])
      ).properties.amount_in_home_currency;
    expect(await read(ids.usd)).toBe('1000');
    expect(await read(ids.eurOpen)).toBe('1200');
    expect(await read(ids.eurWon)).toBe('1100');
    // No exchange rate for GBP: HubSpot cannot convert it.
    expect(await read(ids.gbp)).toBeNull();
    // A new rate moves open deals only; the won deal keeps the rate of its close date.
    const answer = await client.apiRequest({
      method: 'POST',
      path: '/settings/v3/currencies/exchange-rates',
      body: { fromCurrencyCode: 'EUR', conversionRate: 1.25 },
    });
    expect(answer.status).toBe(201);
    expect(await read(ids.eurOpen)).toBe('1250');
    expect(await read(ids.eurWon)).toBe('1100');
  });

  it('the deals stream stores amounts in the company currency (USD), so they add up', async () => {
    const store = await openStore(harness.clock);
    const results = await sync(store, harness.source({ streams: ['deals'] }), harness.clock);
    expect(results[0]).toMatchObject({ status: 'succeeded', inserted: 4 });
    const deals = storedDeals(store);
    expect(deals.get(ids.usd)).toMatchObject({ amount: 1000, currency: 'USD' });
    expect(deals.get(ids.eurOpen)).toMatchObject({ amount: 1200, currency: 'USD' });
    expect(deals.get(ids.eurWon)).toMatchObject({ amount: 1100, currency: 'USD' });
    // Not convertible: kept as it is, in its own currency, rather than summed as dollars.
    expect(deals.get(ids.gbp)).toMatchObject({ amount: 500, currency: 'GBP' });
    const currencyCalls = harness.emulator.stats.count({
      endpoint: '/settings/v3/currencies/company-currency',
    });
    expect(currencyCalls).toBe(1);
  });

  it('a configured companyCurrency saves the call', async () => {
    const store = await openStore(harness.clock);
    await sync(store, harness.source({ streams: ['deals'], companyCurrency: 'USD' }), harness.clock);
    expect(harness.emulator.stats.count({ endpoint: '/settings/v3/currencies' })).toBe(0);
    expect(storedDeals(store).get(ids.eurOpen)).toMatchObject({ amount: 1200, currency: 'USD' });
  });

  it('a portal that refuses the currencies API still syncs, each deal in its own currency', async () => {
    harness.emulator.faults.add({
      match: { endpoint: '/settings/v3/currencies/company-currency' },
      action: {
        status: 403,
        body: {
          status: 'error',
          message: "This app hasn't been granted all required scopes to make this call.",
          category: 'MISSING_SCOPES',
          context: { requiredGranularScopes: ['multi-currency-read'] },
        },
      },
    });
    const store = await openStore(harness.clock);
    const results = await sync(store, harness.source({ streams: ['deals'] }), harness.clock);
    expect(results[0]).toMatchObject({ status: 'succeeded', inserted: 4 });
    expect(storedDeals(store).get(ids.eurOpen)).toMatchObject({ amount: 1000, currency: 'EUR' });
  });
});
