import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../core/logger.ts';
import type { SourceDealInput } from '../../../../core/schema/index.ts';
import { seedCurrencyRates } from '../../../../emulators/salesforce/index.ts';
import { type Harness, harness } from './emulated-org.ts';

const onlyDeals = {
  streams: {
    accounts: { enabled: false },
    contacts: { enabled: false },
    leads: { enabled: false },
    tasks: { enabled: false },
    events: { enabled: false },
  },
};

interface ReadDeal {
  readonly amount: number | null;
  readonly currency: string | null;
  readonly properties: Record<string, unknown>;
}

/** Deals as the connector emits them (properties included), by name. */
async function readDeals(
  h: Harness,
  overrides: Parameters<Harness['connector']>[0] = {},
): Promise<Record<string, ReadDeal>> {
  const deals: Record<string, ReadDeal> = {};
  const connector = h.connector({ ...onlyDeals, ...overrides });
  for await (const batch of connector.read('opportunities', null, { clock: h.clock, logger: silentLogger() }))
    for (const record of batch.records) {
      const { name, amount, currency, properties } = record as SourceDealInput;
      deals[name ?? ''] = {
        amount: amount ?? null,
        currency: currency ?? null,
        properties: properties ?? {},
      };
    }
  return deals;
}

/** Deals as the canonical store keeps them. */
function storedDeals(h: Harness): Record<string, { amount: number | null; currency: string | null }> {
  const rows = h.store.database.prepare('SELECT name, amount, currency FROM deals').all() as {
    name: string;
    amount: number | null;
    currency: string | null;
  }[];
  return Object.fromEntries(rows.map((row) => [row.name, { amount: row.amount, currency: row.currency }]));
}

const deal = (Name: string, CurrencyIsoCode: string, Amount: number, CloseDate: string) => ({
  Name,
  CurrencyIsoCode,
  Amount,
  CloseDate,
  StageName: 'Closed Won',
});

async function multiCurrencyOrg(): Promise<Harness> {
  const h = await harness({ currency: { multiCurrency: true, corporate: 'USD' } });
  seedCurrencyRates(h.emulator.state, {
    static: { EUR: 0.9, GBP: 0.8 },
    // Advanced Currency Management: EUR has three dated ranges; GBP only its static rate.
    dated: [
      { isoCode: 'EUR', startDate: '0001-01-01', rate: 0.95 },
      { isoCode: 'EUR', startDate: '2026-01-01', rate: 0.9 },
      { isoCode: 'EUR', startDate: '2026-07-01', rate: 0.85 },
    ],
  });
  h.emulator.state.load('Opportunity', [
    deal('EUR 2025', 'EUR', 950, '2025-06-01'),
    deal('EUR spring 2026', 'EUR', 900, '2026-03-15'),
    deal('EUR on the boundary', 'EUR', 850, '2026-07-01'),
    deal('GBP', 'GBP', 800, '2026-03-15'),
    deal('USD', 'USD', 1000, '2026-03-15'),
    deal('CHF without a rate', 'CHF', 500, '2026-03-15'),
  ]);
  return h;
}

describe('Salesforce multi-currency opportunities', () => {
  it('converts to the corporate currency with the dated rate valid on the close date', async () => {
    const h = await multiCurrencyOrg();
    try {
      const [result] = await h.sync(h.connector(onlyDeals));
      expect(result).toMatchObject({ status: 'succeeded', inserted: 6 });
      expect(storedDeals(h)['EUR spring 2026']).toEqual({ amount: 1000, currency: 'USD' });
      expect(storedDeals(h)['CHF without a rate']).toEqual({ amount: 500, currency: 'CHF' });
      const deals = await readDeals(h);
      expect(deals['EUR 2025']).toMatchObject({ amount: 1000, currency: 'USD' });
      expect(deals['EUR spring 2026']).toEqual({
        amount: 1000,
        currency: 'USD',
        properties: expect.objectContaining({ Amount: 900, CurrencyIsoCode: 'EUR', ConversionRate: 0.9 }),
      });
      expect(deals['EUR on the boundary']).toMatchObject({
        amount: 1000,
        currency: 'USD',
        properties: { ConversionRate: 0.85 },
      });
      // No dated range for GBP: its static rate applies.
      expect(deals.GBP).toMatchObject({ amount: 1000, currency: 'USD', properties: { ConversionRate: 0.8 } });
      expect(deals.USD).toMatchObject({ amount: 1000, currency: 'USD' });
      expect(deals.USD?.properties).not.toHaveProperty('ConversionRate');
      // A currency with no rate keeps its own amount and code, and says so.
      expect(deals['CHF without a rate']).toMatchObject({
        amount: 500,
        currency: 'CHF',
        properties: { Amount: 500, CurrencyIsoCode: 'CHF', ConversionRate: null },
      });
    } finally {
      await h.close();
    }
  });

  it('uses the static rates when Advanced Currency Management is off in config', async () => {
    const h = await multiCurrencyOrg();
    try {
      const deals = await readDeals(h, { currency: { advancedCurrencyManagement: false } });
      expect(deals['EUR 2025']).toMatchObject({ amount: 1055.56, currency: 'USD' });
      expect(deals['EUR on the boundary']).toMatchObject({ amount: 944.44, currency: 'USD' });
    } finally {
      await h.close();
    }
  });

  it('leaves a single-currency org alone: it has no currency objects and its deals no currency', async () => {
    const h = await harness();
    try {
      h.emulator.state.load('Opportunity', [
        { Name: 'Plain', Amount: 10, CloseDate: '2026-03-15', StageName: 'Prospecting' },
      ]);
      const [result] = await h.sync(h.connector(onlyDeals));
      expect(result).toMatchObject({ status: 'succeeded', inserted: 1 });
      expect(storedDeals(h).Plain).toEqual({ amount: 10, currency: null });
      expect((await readDeals(h)).Plain?.properties).not.toHaveProperty('ConversionRate');
      expect(h.emulator.state.table('CurrencyType')).toBeUndefined();
    } finally {
      await h.close();
    }
  });
});
