import { validationError } from '../errors.ts';

interface ExchangeRate {
  /** Company-currency units per one unit of the other currency. */
  readonly conversionRate: number;
  readonly effectiveAt: number;
}

/**
 * The account's currencies (HubSpot currencies API, /settings/v3/currencies): one company currency
 * and dated exchange rates into it, each "the exchange rate from the additional currency to your
 * company currency" with an `effectiveAt`. Deals in another currency get the calculated
 * `amount_in_home_currency` ("Amount in company currency"): open deals at the rate in effect now;
 * closed deals at the rate in effect at their close date, or the nearest one when none was in
 * effect then (HubSpot knowledge base, "Add and edit currencies" / deal currency properties).
 */
export class CurrencySettings {
  companyCurrency = 'USD';
  readonly #rates = new Map<string, ExchangeRate[]>();

  /** Adds a rate (as `POST /settings/v3/currencies/exchange-rates` does). */
  addExchangeRate(fromCurrencyCode: string, conversionRate: number, effectiveAt: number): void {
    const code = fromCurrencyCode.toUpperCase();
    if (!/^[A-Z]{3}$/.test(code)) throw validationError(`Unsupported currency code: ${fromCurrencyCode}`);
    if (!(conversionRate > 0)) throw validationError('conversionRate must be greater than 0.');
    if (code === this.companyCurrency) throw validationError(`${code} is the company currency.`);
    // "Up to 6 decimal values ... values with more than 6 decimal places will be rounded."
    const rate = { conversionRate: Math.round(conversionRate * 1e6) / 1e6, effectiveAt };
    const rates = [...(this.#rates.get(code) ?? []), rate].sort((a, b) => a.effectiveAt - b.effectiveAt);
    this.#rates.set(code, rates);
  }

  /** The rate in effect at `at`, else the one effective closest to it; null for an unknown currency. */
  rateAt(code: string, at: number): number | null {
    const rates = this.#rates.get(code.toUpperCase());
    if (!rates || rates.length === 0) return null;
    let chosen = rates[0]!;
    for (const rate of rates) if (rate.effectiveAt <= at) chosen = rate;
    return chosen.conversionRate;
  }

  /** The account uses more than its company currency. */
  get multiCurrency(): boolean {
    return this.#rates.size > 0;
  }

  /**
   * `amount_in_home_currency` for a deal's values at `now`: the amount itself in the company
   * currency; converted at the dated rate otherwise; unset when there is no amount or no rate.
   */
  homeAmount(values: Readonly<Record<string, string>>, now: number): string | undefined {
    const amount = values.amount === undefined ? Number.NaN : Number(values.amount);
    if (!Number.isFinite(amount)) return undefined;
    const code = (values.deal_currency_code ?? this.companyCurrency).toUpperCase();
    if (code === this.companyCurrency) return String(amount);
    const closed = values.hs_is_closed === 'true';
    const closeDate = values.closedate ? Date.parse(values.closedate) : Number.NaN;
    const at = closed && Number.isFinite(closeDate) ? closeDate : now;
    const rate = this.rateAt(code, at);
    return rate === null ? undefined : String(Math.round(amount * rate * 100) / 100);
  }
}
