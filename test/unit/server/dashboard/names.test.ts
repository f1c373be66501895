import { describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../../../app/config/index.ts';
import { CrmLinks } from '../../../../app/server/dashboard/crm-links.ts';
import { personName } from '../../../../app/server/dashboard/list-data.ts';
import { modelMeanings } from '../../../../app/server/dashboard/model-meaning.ts';
import { nbaReasonText } from '../../../../app/server/dashboard/nba-reason.ts';
import { OwnerNames } from '../../../../app/server/dashboard/owner-names.ts';
import { exitReasonText } from '../../../../app/server/dashboard/record-workflows.ts';
import { eventSentence, timelineEntries } from '../../../../app/server/dashboard/timeline.ts';
import type { ResolvedEvent } from '../../../../core/schema/index.ts';
import { DEFAULT_MODEL_SPECS } from '../../../../scoring/models/model-specs.ts';

describe('names and meaning', () => {
  const meanings = modelMeanings(DEFAULT_MODEL_SPECS, ['low', 'medium', 'high']);

  it('names models for people and colours tiers by what they mean', () => {
    const churn = meanings.get('churn_risk')!;
    const ltv = meanings.get('lifetime_value')!;
    expect(churn.displayName).toBe('Churn risk');
    expect(ltv.displayName).toBe('Lifetime value');
    expect(churn.tierLabel('high')).toBe('high risk');
    // High churn risk is red (bad news); high lifetime value is green (good news).
    expect(churn.tierColor('high')).toBe('#dc2626');
    expect(churn.tierColor('low')).toBe('#15803d');
    expect(ltv.tierColor('high')).toBe('#047857');
    expect(ltv.tierColor('low')).toBe('#94a3b8');
    const nba = meanings.get('next_best_action')!;
    expect(nba.meaning).toBe('action');
    expect(nba.actionLabel('sales_call')).toBe('Sales call');
    expect(nba.actionLabel('unknown_action')).toBe('Unknown action');
    const custom = modelMeanings(
      [
        ...DEFAULT_MODEL_SPECS,
        { name: 'churn_risk_eu', kind: 'churn', entity: 'account', horizonDays: 60, enabled: true },
      ],
      ['low', 'high'],
    );
    expect(custom.get('churn_risk_eu')!.displayName).toBe('Churn risk eu');
  });

  it('shows owners by name: configured people, name slugs, and opaque ids marked as such', () => {
    const owners = new OwnerNames(new Map([['jordan', 'Jordan Lee']]));
    expect(owners.label('jordan')).toBe('Jordan Lee');
    expect(owners.label('owner_ana_garcia')).toBe('Ana Garcia');
    expect(owners.label('12345678')).toBe('owner 12345678');
    expect(owners.label(null)).toBe('no owner');
  });

  it('builds HubSpot and Salesforce record links, and says what is missing without a Hub ID', () => {
    const loaded = {
      config: {
        connectors: {
          hub: { type: 'hubspot', portalId: 4242, appUrl: 'https://app-eu1.hubspot.com/' },
          hub_no_id: { type: 'hubspot' },
          sf: { type: 'salesforce', instanceUrl: 'https://acme.my.salesforce.com' },
          files: { type: 'file' },
        },
      },
    } as unknown as LoadedConfig;
    const links = new CrmLinks(loaded);
    expect(links.link({ system: 'hub', objectType: 'contacts', externalId: '51' })?.url).toBe(
      'https://app-eu1.hubspot.com/contacts/4242/record/0-1/51',
    );
    expect(links.link({ system: 'hub', objectType: 'companies', externalId: '7' })?.url).toBe(
      'https://app-eu1.hubspot.com/contacts/4242/record/0-2/7',
    );
    expect(links.link({ system: 'hub_no_id', objectType: 'contacts', externalId: '51' })).toMatchObject({
      url: null,
      note: expect.stringContaining('connectors.hub_no_id.portalId'),
    });
    expect(links.link({ system: 'sf', objectType: 'Lead', externalId: '00Q5e00000AbCdE' })?.url).toBe(
      'https://acme.my.salesforce.com/lightning/r/Lead/00Q5e00000AbCdE/view',
    );
    expect(links.link({ system: 'files', objectType: 'accounts', externalId: 'acc_1' })).toBeNull();
  });

  it('tells what happened in words, folding repeats of a day into one line', () => {
    const event = (
      type: string,
      at: string,
      properties: ResolvedEvent['properties'] = {},
      value: number | null = null,
    ): ResolvedEvent => ({
      id: Math.floor(Math.random() * 1e9),
      type,
      occurredAt: at,
      contactId: 'c1',
      accountId: 'a1',
      value,
      properties,
      source: { system: 'demo', objectType: 'events', externalId: at },
    });
    expect(
      eventSentence(event('feature_use', '2026-10-01T10:00:00Z', { feature: 'custom_reports' }), 'Wei Kim'),
    ).toBe('Wei Kim used custom reports');
    expect(
      eventSentence(event('email_open', '2026-10-01T10:00:00Z', { campaign: 'roi-calculator' }), 'Wei Kim'),
    ).toBe('Wei Kim opened the e-mail “roi calculator”');
    expect(eventSentence(event('purchase', '2026-10-01T10:00:00Z', {}, 1200), 'Wei Kim')).toBe(
      'Wei Kim made a purchase of $1,200',
    );
    expect(eventSentence(event('webinar_attended', '2026-10-01T10:00:00Z'), 'Wei Kim')).toBe(
      'Wei Kim: webinar attended',
    );
    const entries = timelineEntries(
      [
        event('login', '2026-10-01T09:00:00Z'),
        event('login', '2026-10-01T11:00:00Z'),
        event('login', '2026-10-02T11:00:00Z'),
        event('call', '2026-09-20T11:00:00Z'),
      ],
      () => 'Wei Kim',
      2,
    );
    expect(entries).toEqual([
      { day: '2026-10-02', sentence: 'Wei Kim logged in', times: 1 },
      { day: '2026-10-01', sentence: 'Wei Kim logged in', times: 2 },
    ]);
    expect(exitReasonText('tier_changed: low -> high')).toBe('the tier changed (low → high)');
    expect(exitReasonText('reply')).toBe('the customer replied');
    expect(exitReasonText('score_below: churn_risk score 12 < 20')).toBe(
      'the churn risk score fell to 12, below 20',
    );
  });

  it('explains next best actions in words, and fixes names typed all in lower case', () => {
    expect(nbaReasonText('Sales call (rules policy; rule: lead_probability >= 0.3)')).toBe(
      'Sales call, because the lead score is 30 or more.',
    );
    expect(nbaReasonText('Send the nurture e-mail sequence (rules policy; default action)')).toBe(
      "Send the nurture e-mail sequence: the catalog's default, as no other action's rule fits.",
    );
    expect(
      nbaReasonText(
        'Customer success call (learned policy; rule: days_since_last_login > 14 and plan in ["starter","growth"])',
      ),
    ).toBe(
      'Customer success call: the action that worked best for people like them in past outcomes (eligible because the days since last login is above 14 and the plan is one of starter, growth).',
    );
    expect(nbaReasonText('Written by hand')).toBe('Written by hand');
    expect(personName('grace', 'murphy', null)).toBe('Grace Murphy');
    expect(personName('Ana', "o'neill-smith", null)).toBe("Ana O'Neill-Smith");
    expect(personName('Ludwig', 'van Beethoven', null)).toBe('Ludwig van Beethoven');
    expect(personName(null, ' ', 'wei@example.com')).toBe('wei@example.com');
  });
});
