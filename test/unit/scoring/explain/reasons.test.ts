import { describe, expect, it } from 'vitest';
import { reasonSchema } from '../../../../core/schema/score.ts';
import type { Contribution } from '../../../../scoring/explain/attribution.ts';
import { type FeatureDescriptor, parseFeatureCatalog } from '../../../../scoring/explain/feature-catalog.ts';
import { type FeatureRow, renderReasons } from '../../../../scoring/explain/reasons.ts';

const catalog: FeatureDescriptor[] = parseFeatureCatalog([
  { name: 'logins_trend', label: 'logins', kind: 'trend', window: 'vs previous month' },
  {
    name: 'tickets_14d',
    label: 'support tickets',
    singular: 'support ticket',
    kind: 'count',
    window: 'in the last 14 days',
  },
  { name: 'days_since_login', label: 'login', kind: 'days' },
  { name: 'mrr', label: 'MRR', kind: 'money', unit: 'USD' },
  { name: 'plan', label: 'plan', kind: 'category', template: { other: 'on the {value} plan' } },
  { name: 'email_bounced', label: 'email bounced', kind: 'flag', template: { no: 'emails delivered' } },
  { name: 'open_rate', label: 'email open rate', kind: 'ratio', window: 'in the last 30 days' },
  { name: 'tenure', label: 'customer for', kind: 'number', unit: 'months' },
  { name: 'seats', label: 'seats', kind: 'number' },
]);

/** One contribution, as attributeScore would produce it. */
function c(feature: string, points: number, value: Contribution['value'] = null): Contribution {
  return { feature, value, margin: points / 10, points, direction: points < 0 ? 'down' : 'up' };
}

/** The text of the single reason for one feature and value. */
function textFor(feature: string, value: FeatureRow[string], options = {}): string {
  const [reason] = renderReasons([c(feature, 5)], { [feature]: value }, catalog, options);
  return reason!.text;
}

describe('reason texts by kind', () => {
  it('trend: direction and size of the change in plain words', () => {
    expect(textFor('logins_trend', -0.6)).toBe('logins down 60% vs previous month');
    expect(textFor('logins_trend', 0.25)).toBe('logins up 25% vs previous month');
    expect(textFor('logins_trend', 0.001)).toBe('logins unchanged vs previous month');
  });

  it('count: number, singular and zero forms, with the window', () => {
    expect(textFor('tickets_14d', 3)).toBe('3 support tickets in the last 14 days');
    expect(textFor('tickets_14d', 1)).toBe('1 support ticket in the last 14 days');
    expect(textFor('tickets_14d', 0)).toBe('no support tickets in the last 14 days');
    expect(textFor('tickets_14d', 1250)).toBe('1,250 support tickets in the last 14 days');
  });

  it('days: time since the event', () => {
    expect(textFor('days_since_login', 21)).toBe('no login for 21 days');
    expect(textFor('days_since_login', 1)).toBe('no login for 1 day');
    expect(textFor('days_since_login', 0.2)).toBe('login today');
    expect(textFor('days_since_login', null)).toBe('no login on record');
  });

  it('money: currency formatted for the locale', () => {
    expect(textFor('mrr', 1200)).toBe('MRR $1,200');
    expect(textFor('mrr', 49.5)).toBe('MRR $49.50');
    expect(textFor('mrr', 1200, { locale: 'de-DE' })).toBe('MRR 1.200 $');
  });

  it('category, flag, ratio and number', () => {
    expect(textFor('plan', 'Starter')).toBe('on the Starter plan');
    expect(textFor('email_bounced', 1)).toBe('email bounced');
    expect(textFor('email_bounced', 0)).toBe('emails delivered');
    expect(textFor('email_bounced', 'TRUE')).toBe('email bounced');
    expect(textFor('email_bounced', false)).toBe('emails delivered');
    expect(textFor('open_rate', 0.35)).toBe('email open rate 35% in the last 30 days');
    expect(textFor('tenure', 14)).toBe('customer for: 14 months');
    expect(textFor('seats', 12.345)).toBe('seats: 12.35');
  });

  it('looks up category codes in the catalog and prefers a label from the model', () => {
    const codes = parseFeatureCatalog([
      { name: 'plan', label: 'plan', kind: 'category', categories: { '0': 'Free', '1': 'Starter' } },
    ]);
    expect(renderReasons([c('plan', 2)], { plan: 1 }, codes)[0]!.text).toBe('plan: Starter');
    expect(renderReasons([c('plan', 2, 'Pro')], { plan: 1 }, codes)[0]!.text).toBe('plan: Pro');
  });

  it('says unknown for a missing value and never shows the raw key when a label exists', () => {
    const text = textFor('logins_trend', Number.NaN);
    expect(text).toBe('logins: no trend yet');
    expect(text).not.toContain('logins_trend');
  });

  it('describes features missing from the catalog by their name in plain words', () => {
    const reasons = renderReasons(
      [c('daysSinceSignup', 3), c('lead_source', 2)],
      { daysSinceSignup: 40 },
      [],
      {},
    );
    expect(reasons.map((r) => r.text)).toEqual(['days since signup: 40', 'lead source: unknown']);
    const labelled = renderReasons([c('lead_source', 2, 'Google')], {}, []);
    expect(labelled[0]!.text).toBe('lead source: Google');
  });

  it('fills {row.FIELD} from other fields and drops optional parts with no value', () => {
    const custom = parseFeatureCatalog([
      {
        name: 'logins_trend',
        label: 'logins',
        kind: 'trend',
        template: { down: '{label} down {value}[ to {row.logins_30d} this month]' },
      },
      { name: 'logins_30d', label: 'logins', kind: 'count' },
    ]);
    const withCount = renderReasons([c('logins_trend', 4)], { logins_trend: -0.5, logins_30d: 6 }, custom);
    expect(withCount[0]!.text).toBe('logins down 50% to 6 this month');
    const withoutCount = renderReasons([c('logins_trend', 4)], { logins_trend: -0.5 }, custom);
    expect(withoutCount[0]!.text).toBe('logins down 50%');
  });

  it('inserts values literally, even ones that look like slots or $ patterns', () => {
    expect(textFor('plan', '{label} $& plan')).toBe('on the {label} $& plan plan');
  });
});

describe('choosing and ordering reasons', () => {
  const contributions = [
    c('seats', 1, 4),
    c('logins_trend', 12.5, -0.6),
    c('tickets_14d', 8, 3),
    c('mrr', -9, 1200),
    c('plan', 0, 'Starter'),
    c('open_rate', -8, 0.35),
  ];

  it('returns the topK factors by |points| with direction and points', () => {
    const reasons = renderReasons(contributions, {}, catalog);
    expect(reasons).toEqual([
      { feature: 'logins_trend', direction: 'up', points: 12.5, text: 'logins down 60% vs previous month' },
      { feature: 'mrr', direction: 'down', points: -9, text: 'MRR $1,200' },
      {
        feature: 'open_rate',
        direction: 'down',
        points: -8,
        text: 'email open rate 35% in the last 30 days',
      },
    ]);
    for (const reason of reasons) expect(reasonSchema.parse(reason)).toEqual(reason);
  });

  it('gives the same order whatever order the contributions arrive in', () => {
    const expected = renderReasons(contributions, {}, catalog, { topK: 6 }).map((r) => r.feature);
    expect(expected).toEqual(['logins_trend', 'mrr', 'open_rate', 'tickets_14d', 'seats']);
    const reversed = renderReasons([...contributions].reverse(), {}, catalog, { topK: 6 });
    expect(reversed.map((r) => r.feature)).toEqual(expected);
  });

  it('filters by direction and minimum points, and honours topK', () => {
    expect(renderReasons(contributions, {}, catalog, { direction: 'up' }).map((r) => r.feature)).toEqual([
      'logins_trend',
      'tickets_14d',
      'seats',
    ]);
    expect(renderReasons(contributions, {}, catalog, { minPoints: 8.5 }).map((r) => r.feature)).toEqual([
      'logins_trend',
      'mrr',
    ]);
    expect(renderReasons(contributions, {}, catalog, { topK: 1 })).toHaveLength(1);
    expect(renderReasons(contributions, {}, catalog, { topK: 0 })).toEqual([]);
  });

  it('rejects a bad topK or locale with a message saying what to use', () => {
    expect(() => renderReasons(contributions, {}, catalog, { topK: -1 })).toThrow(
      /topK must be a whole number/,
    );
    expect(() => renderReasons(contributions, {}, catalog, { locale: 'not a locale!' })).toThrow(/BCP 47/);
  });
});

describe('parseFeatureCatalog', () => {
  const attempt = (input: unknown) => () => parseFeatureCatalog(input, 'config/features.yaml');

  it('names the file and path of each problem', () => {
    expect(attempt([{ name: 'x', label: 'X', kind: 'speed' }])).toThrow(
      /config\/features.yaml[\s\S]*\[0\]\.kind/,
    );
    const duplicate = [
      { name: 'x', label: 'X', kind: 'count' },
      { name: 'x', label: 'Y', kind: 'count' },
    ];
    expect(attempt(duplicate)).toThrow(/already described at \[0\][\s\S]*at \[1\]\.name/);
  });

  it('checks templates: slots, cases per kind, brackets, window and currency', () => {
    const one = (descriptor: object) => attempt([{ name: 'x', label: 'X', ...descriptor }]);
    expect(one({ kind: 'count', template: { other: '{count} things' } })).toThrow(/unknown slot \{count\}/);
    expect(one({ kind: 'count', template: { up: '{label} up' } })).toThrow(/kind 'count' uses only/);
    expect(one({ kind: 'count', template: { other: '[{value} [x]]' } })).toThrow(/cannot nest/);
    expect(one({ kind: 'count', template: { other: '{value} {window}' } })).toThrow(/has no window/);
    expect(one({ kind: 'count', template: { other: '{value}[ {window}]' } })).not.toThrow();
    expect(one({ kind: 'money', unit: 'dollars' })).toThrow(/ISO 4217/);
  });
});
