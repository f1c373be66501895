import { describe, expect, it } from 'vitest';
import type { HubObject } from '../../../../connectors/hubspot/api/types.ts';
import { outcomeOfBatchError } from '../../../../connectors/hubspot/destination/batch-outcomes.ts';
import {
  propertyFor,
  scoreFieldSpecs,
  toHubspotValue,
} from '../../../../connectors/hubspot/destination/score-fields.ts';
import { mapCompany } from '../../../../connectors/hubspot/mapping/company.ts';
import { mapContact, timeZoneFromHubspot } from '../../../../connectors/hubspot/mapping/contact.ts';
import { dealStatus, mapDeal } from '../../../../connectors/hubspot/mapping/deal.ts';
import { mapEngagement } from '../../../../connectors/hubspot/mapping/engagement.ts';
import { mergedLosers } from '../../../../connectors/hubspot/mapping/merges.ts';
import { limitsForPlan } from '../../../../connectors/hubspot/plan-limits.ts';
import { openWindow } from '../../../../connectors/hubspot/source/cursor.ts';
import { sourceRecordSchema } from '../../../../core/schema/index.ts';

const context = { system: 'hubspot', extraProperties: [] };

function hub(
  id: string,
  properties: Record<string, string | null>,
  extra: Partial<HubObject> = {},
): HubObject {
  return {
    id,
    properties,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-02-01T00:00:00.000Z',
    archived: false,
    archivedAt: null,
    associations: {},
    ...extra,
  };
}

describe('HubSpot mapping', () => {
  it('decodes HubSpot time zone values into IANA names', () => {
    expect(timeZoneFromHubspot('america_slash_new_york')).toBe('America/New_York');
    expect(timeZoneFromHubspot('america_slash_argentina_slash_buenos_aires')).toBe(
      'America/Argentina/Buenos_Aires',
    );
    expect(timeZoneFromHubspot('Europe/Madrid')).toBe('Europe/Madrid');
    expect(timeZoneFromHubspot('')).toBeNull();
  });

  it('keeps a contact with an unusable e-mail, moving the raw value to properties', () => {
    const contact = mapContact(
      hub('7', {
        email: 'not an email',
        hs_email_optout: 'true',
        lifecyclestage: 'marketingqualifiedlead',
        hs_buying_role: 'CHAMPION;END_USER',
        associatedcompanyid: '42',
      }),
      context,
    );
    expect(sourceRecordSchema.parse(contact)).toMatchObject({
      email: null,
      emailOptIn: false,
      lifecycleStage: 'mql',
      role: 'champion',
      account: { system: 'hubspot', objectType: 'companies', externalId: '42' },
      properties: { invalid_email: 'not an email' },
    });
  });

  it('derives account status from a configured property, else from the lifecycle stage', () => {
    const fields = { status: 'customer_status', mrr: 'mrr' };
    const company = (properties: Record<string, string>) =>
      mapCompany(hub('1', properties), { ...context, fields });
    expect(
      company({ customer_status: 'Churned', mrr: '120.5', domain: 'https://www.Acme.com/about' }),
    ).toMatchObject({
      status: 'churned',
      mrr: 120.5,
      domain: 'acme.com',
    });
    expect(company({ lifecyclestage: 'customer' }).status).toBe('active');
    expect(company({ lifecyclestage: 'lead' }).status).toBe('prospect');
  });

  it('reads deal status from HubSpot flags, then from default stage ids', () => {
    expect(dealStatus({ hs_is_closed_won: 'true', hs_is_closed: 'true' })).toBe('won');
    expect(dealStatus({ hs_is_closed_won: 'false', hs_is_closed: 'true' })).toBe('lost');
    expect(dealStatus({ dealstage: 'closedlost' })).toBe('lost');
    expect(dealStatus({ dealstage: 'contractsent' })).toBe('open');
  });

  it('turns one tracked e-mail into sent, open and click events under their own ids', () => {
    const email = hub(
      '9',
      {
        hs_timestamp: '2026-03-01T10:00:00Z',
        hs_email_direction: 'EMAIL',
        hs_email_status: 'SENT',
        hs_email_open_count: '3',
        hs_email_click_count: '0',
      },
      {
        associations: { contacts: ['5'], companies: ['6'] },
      },
    );
    const events = mapEngagement(email, 'emails', context).map((event) => sourceRecordSchema.parse(event));
    expect(events.map((event) => [event.kind === 'event' && event.type, event.ref.externalId])).toEqual([
      ['email_sent', '9'],
      ['email_open', '9:open'],
    ]);
    expect(events[1]).toMatchObject({ value: 3, contact: { externalId: '5' }, account: { externalId: '6' } });
    expect(
      mapEngagement(hub('10', { hs_email_direction: 'INCOMING_EMAIL' }), 'emails', context)[0]!.type,
    ).toBe('email_reply');
    const archived = mapEngagement(
      hub('11', { hs_call_duration: '90000' }, { archived: true }),
      'calls',
      context,
    )[0]!;
    expect(archived).toMatchObject({
      type: 'call',
      value: 1.5,
      deleted: true,
      occurredAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('emits the losers of a merge trail, never the winner itself', () => {
    const losers = mergedLosers(
      hub('99', { hs_merged_object_ids: '12;34;99;12', lastmodifieddate: '2026-04-01T00:00:00Z' }),
      'contacts',
      'lastmodifieddate',
      context,
    );
    expect(losers.map((loser) => loser.ref.externalId)).toEqual(['12', '34']);
    expect(losers[0]).toMatchObject({
      mergedInto: { externalId: '99' },
      updatedAt: '2026-04-01T00:00:00.000Z',
    });
  });

  it('reads a deal in the company currency when HubSpot converted it, keeping its own amount alongside', () => {
    const deal = hub('7', {
      amount: '1000',
      deal_currency_code: 'eur',
      amount_in_home_currency: '1084.5',
      dealstage: 'closedwon',
    });
    const eur = { ...context, companyCurrency: { code: 'USD' } };
    expect(mapDeal(deal, eur)).toMatchObject({
      amount: 1084.5,
      currency: 'USD',
      properties: { deal_amount: 1000, deal_currency: 'EUR' },
    });
    // Company currency unknown (currencies API refused): the deal's own amount and currency.
    expect(mapDeal(deal, { ...context, companyCurrency: { code: null } })).toMatchObject({
      amount: 1000,
      currency: 'EUR',
    });
    // Not convertible (no exchange rate in HubSpot): kept in its own currency.
    const gbp = hub('8', { amount: '500', deal_currency_code: 'GBP', amount_in_home_currency: null });
    expect(mapDeal(gbp, eur)).toMatchObject({ amount: 500, currency: 'GBP' });
  });
});

describe('HubSpot sync windows, write-back fields and limits', () => {
  it('opens the first window unbounded and later ones with a look-back overlap', () => {
    const now = new Date('2026-05-01T12:00:00Z');
    expect(openWindow(undefined, now, 600_000)).toEqual({
      phase: 'archived',
      windowStart: null,
      windowEnd: now.toISOString(),
      after: null,
      lastId: null,
    });
    const done = {
      phase: 'complete' as const,
      windowStart: null,
      windowEnd: '2026-05-01T11:00:00.000Z',
      after: null,
      lastId: '77',
    };
    expect(openWindow(done, now, 600_000)).toMatchObject({
      phase: 'archived',
      windowStart: '2026-05-01T10:50:00.000Z',
      windowEnd: now.toISOString(),
    });
    const unfinished = { ...done, phase: 'incremental' as const };
    expect(openWindow(unfinished, now, 600_000)).toBe(unfinished);
  });

  it('describes score fields as HubSpot properties and values as strings', () => {
    const specs = scoreFieldSpecs('Churn Risk');
    expect(specs.map((spec) => spec.name)).toEqual([
      'scorebridge_churn_risk_score',
      'scorebridge_churn_risk_tier',
      'scorebridge_churn_risk_reasons',
      'scorebridge_churn_risk_model_version',
      'scorebridge_churn_risk_scored_at',
    ]);
    expect(propertyFor(specs[1]!, 'scorebridge')).toMatchObject({
      type: 'enumeration',
      fieldType: 'select',
      options: [{ value: 'low' }, { value: 'medium' }, { value: 'high' }],
    });
    expect(() => propertyFor({ ...specs[0]!, name: 'Score' }, 'scorebridge')).toThrow(
      /not a valid HubSpot property name/,
    );
    expect([toHubspotValue(87.5), toHubspotValue(true), toHubspotValue(null), toHubspotValue('x')]).toEqual([
      '87.5',
      'true',
      '',
      'x',
    ]);
  });

  it('sorts per-record batch errors into permanent, invalid and retry', () => {
    const error = (category: string) => ({ status: 'error', category, message: 'm', context: {} });
    expect(outcomeOfBatchError(error('OBJECT_NOT_FOUND'))).toMatchObject({
      status: 'failed',
      kind: 'permanent',
    });
    expect(outcomeOfBatchError(error('VALIDATION_ERROR'))).toMatchObject({
      status: 'failed',
      kind: 'invalid',
    });
    expect(outcomeOfBatchError(error('RATE_LIMITS'))).toMatchObject({
      status: 'retry',
      retryAfterMs: 10_000,
    });
    expect(outcomeOfBatchError(error('OBJECT_LOCKED'))).toMatchObject({ status: 'retry' });
  });

  it('sizes limits from the plan, with overrides', () => {
    expect(limitsForPlan('free')).toMatchObject({
      perTenSeconds: 100,
      daily: 250_000,
      searchPerSecond: 5,
      concurrency: 10,
    });
    expect(limitsForPlan('professional')).toMatchObject({
      perTenSeconds: 190,
      daily: 625_000,
      concurrency: 19,
    });
    expect(limitsForPlan('enterprise', { daily: 2_000_000 })).toMatchObject({
      perTenSeconds: 190,
      daily: 2_000_000,
    });
  });
});
