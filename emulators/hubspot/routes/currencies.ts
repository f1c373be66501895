import { validationError } from '../errors.ts';
import { bodyObject, type Router } from '../http/router.ts';
import type { CrmState } from '../state/crm-state.ts';

/**
 * The parts of HubSpot's currencies API (/settings/v3/currencies) a connector needs: the company
 * currency, and adding a dated exchange rate (`fromCurrencyCode`, `conversionRate` into the company
 * currency, optional `effectiveAt`).
 */
export function currencyRoutes(router: Router, state: CrmState): void {
  router.add('GET', '/settings/v3/currencies/company-currency', () => ({
    status: 200,
    body: { currencyCode: state.currencies.companyCurrency },
  }));
  router.add('POST', '/settings/v3/currencies/exchange-rates', (context) => {
    const body = bodyObject(context);
    const from = body.fromCurrencyCode;
    const rate = Number(body.conversionRate);
    if (typeof from !== 'string') throw validationError('fromCurrencyCode is required.');
    const effectiveAt =
      body.effectiveAt === undefined ? state.now() : new Date(body.effectiveAt as string | number).getTime();
    if (Number.isNaN(effectiveAt))
      throw validationError(`effectiveAt is not a date: ${String(body.effectiveAt)}`);
    state.addExchangeRate(from, rate, effectiveAt);
    return {
      status: 201,
      body: {
        fromCurrencyCode: from.toUpperCase(),
        toCurrencyCode: state.currencies.companyCurrency,
        conversionRate: state.currencies.rateAt(from, effectiveAt),
        effectiveAt: new Date(effectiveAt).toISOString(),
        visibleInUI: true,
      },
    };
  });
}
