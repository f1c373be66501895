import type { OrgState } from '../org-state.ts';

export interface DatedRateInput {
  readonly isoCode: string;
  /** YYYY-MM-DD; the rate holds from this day until the next rate of the same currency starts. */
  readonly startDate: string;
  readonly rate: number;
}

export interface CurrencyRatesInput {
  /** ISO code -> units per one unit of the corporate currency (CurrencyType.ConversionRate). */
  readonly static: Readonly<Record<string, number>>;
  /** Advanced Currency Management ranges (DatedConversionRate); leave out for an org without ACM. */
  readonly dated?: readonly DatedRateInput[];
}

/** The first dated range of a currency starts at 0001-01-01 and the last one ends at 9999-12-31, as in a real org. */
const FAR_FUTURE = '9999-12-31';

/**
 * Loads a multi-currency org's exchange rates: CurrencyType rows (static rates) and, for Advanced
 * Currency Management, DatedConversionRate rows whose NextStartDate Salesforce derives from the
 * next range of the same currency (Object Reference, "DatedConversionRate").
 */
export function seedCurrencyRates(state: OrgState, input: CurrencyRatesInput): void {
  if (!state.corporateCurrency)
    throw new Error('the emulated org is not multi-currency (currency.multiCurrency)');
  state.load(
    'CurrencyType',
    Object.entries(input.static)
      .filter(([isoCode]) => isoCode !== state.corporateCurrency)
      .map(([isoCode, rate]) => ({
        IsoCode: isoCode,
        ConversionRate: rate,
        DecimalPlaces: 2,
        IsActive: true,
        IsCorporate: false,
      })),
  );
  const byCode = new Map<string, DatedRateInput[]>();
  for (const rate of input.dated ?? []) byCode.set(rate.isoCode, [...(byCode.get(rate.isoCode) ?? []), rate]);
  for (const [isoCode, rates] of byCode) {
    const sorted = [...rates].sort((a, b) => a.startDate.localeCompare(b.startDate));
    state.load(
      'DatedConversionRate',
      sorted.map((rate, index) => ({
        IsoCode: isoCode,
        ConversionRate: rate.rate,
        StartDate: rate.startDate,
        NextStartDate: sorted[index + 1]?.startDate ?? FAR_FUTURE,
      })),
    );
  }
}
