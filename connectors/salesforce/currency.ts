import type { SalesforceClient } from './client.ts';

export interface StaticRate {
  readonly isoCode: string;
  readonly rate: number;
  readonly corporate: boolean;
}

export interface DatedRate {
  readonly isoCode: string;
  readonly rate: number;
  /** YYYY-MM-DD, inclusive. */
  readonly startDate: string;
  /** YYYY-MM-DD, exclusive. */
  readonly nextStartDate: string;
}

export interface Conversion {
  readonly amount: number;
  readonly currency: string;
  /** Units of the original currency per unit of the corporate one; null when nothing was converted. */
  readonly rate: number | null;
  readonly source: 'corporate' | 'dated' | 'static' | 'no rate';
}

/**
 * Converts amounts to the org's corporate currency the way Salesforce reports on opportunities:
 * with Advanced Currency Management, the DatedConversionRate range that holds on the close date;
 * without it, the static CurrencyType rate ("Manage Multiple Currencies" and "Edit Dated Exchange
 * Rates", Salesforce Help). Amount in corporate currency = amount / ConversionRate.
 */
export class CurrencyConverter {
  readonly corporate: string;
  readonly #static = new Map<string, number>();
  readonly #dated = new Map<string, DatedRate[]>();

  constructor(staticRates: readonly StaticRate[], datedRates: readonly DatedRate[]) {
    this.corporate = staticRates.find((rate) => rate.corporate)?.isoCode.toUpperCase() ?? '';
    for (const rate of staticRates) this.#static.set(rate.isoCode.toUpperCase(), rate.rate);
    for (const rate of datedRates) {
      const code = rate.isoCode.toUpperCase();
      this.#dated.set(code, [...(this.#dated.get(code) ?? []), rate]);
    }
  }

  get usesDatedRates(): boolean {
    return this.#dated.size > 0;
  }

  convert(amount: number, isoCode: string | null, on: string | null): Conversion {
    const code = (isoCode ?? this.corporate).toUpperCase();
    if (code === this.corporate) return { amount, currency: code, rate: 1, source: 'corporate' };
    const day = on?.slice(0, 10) ?? null;
    const dated =
      day === null
        ? undefined
        : this.#dated.get(code)?.find((range) => range.startDate <= day && day < range.nextStartDate);
    const rate = dated?.rate ?? this.#static.get(code);
    if (!rate || !(rate > 0)) return { amount, currency: code, rate: null, source: 'no rate' };
    return {
      amount: Math.round((amount / rate) * 100) / 100,
      currency: this.corporate,
      rate,
      source: dated ? 'dated' : 'static',
    };
  }
}

/**
 * Reads the org's rates (two queries): CurrencyType always; DatedConversionRate when Advanced
 * Currency Management is on ('auto': when the org has dated rates).
 */
export async function loadCurrencyConverter(
  client: SalesforceClient,
  advancedCurrencyManagement: boolean | 'auto',
): Promise<CurrencyConverter> {
  const all = async <T>(soql: string): Promise<T[]> => {
    const rows: T[] = [];
    for await (const page of client.queryPages(soql, { scanAll: false }))
      rows.push(...(page.records as unknown as T[]));
    return rows;
  };
  const staticRows = await all<{ IsoCode: string; ConversionRate: number; IsCorporate: boolean }>(
    'SELECT IsoCode, ConversionRate, IsCorporate FROM CurrencyType WHERE IsActive = true',
  );
  const datedRows =
    advancedCurrencyManagement === false
      ? []
      : await all<{ IsoCode: string; ConversionRate: number; StartDate: string; NextStartDate: string }>(
          'SELECT IsoCode, ConversionRate, StartDate, NextStartDate FROM DatedConversionRate',
        );
  return new CurrencyConverter(
    staticRows.map((row) => ({ isoCode: row.IsoCode, rate: row.ConversionRate, corporate: row.IsCorporate })),
    datedRows.map((row) => ({
      isoCode: row.IsoCode,
      rate: row.ConversionRate,
      startDate: row.StartDate,
      nextStartDate: row.NextStartDate,
    })),
  );
}
