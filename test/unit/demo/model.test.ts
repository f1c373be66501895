import { describe, expect, it } from 'vitest';
import { asciiSlug, DomainRegistry } from '../../../demo/model/domains.ts';
import { officeTime } from '../../../demo/model/event-sink.ts';
import {
  type ChurnSignals,
  type ConversionSignals,
  churnLogHazard,
  conversionLogHazard,
} from '../../../demo/model/hazards.ts';
import { popcount } from '../../../demo/model/ledger.ts';
import { respellEmail } from '../../../demo/model/marketing-list.ts';
import { csvLine } from '../../../demo/output/csv.ts';
import { Random } from '../../../demo/random.ts';
import { parseAsOf } from '../../../demo/time.ts';

const steady: ChurnSignals = {
  loginTrend: 0,
  featureBreadth: 5,
  ticketLoad: 1,
  seatUtilisation: 0.7,
  singleActiveUser: false,
  dormant: false,
};
const churnContext = { health: 0, planShift: 0, newCustomer: false, frailty: 0 };

describe('churn hazard', () => {
  const base = churnLogHazard(steady, churnContext);
  it.each([
    ['declining logins', { loginTrend: -1.5 }],
    ['narrow feature use', { featureBreadth: 1 }],
    ['many severe tickets', { ticketLoad: 12 }],
    ['low seat utilisation', { seatUtilisation: 0.1 }],
    ['a single active user', { singleActiveUser: true }],
    ['no logins at all', { dormant: true }],
  ])('rises with %s', (_, change) => {
    expect(churnLogHazard({ ...steady, ...change }, churnContext)).toBeGreaterThan(base);
  });

  it('is higher on cheaper plans and for poorer health', () => {
    expect(churnLogHazard(steady, { ...churnContext, planShift: 0.55 })).toBeGreaterThan(
      churnLogHazard(steady, { ...churnContext, planShift: -0.6 }),
    );
    expect(churnLogHazard(steady, { ...churnContext, health: -1 })).toBeGreaterThan(base);
  });
});

describe('conversion hazard', () => {
  const quiet: ConversionSignals = {
    clicks: 0,
    replies: 0,
    pricingViews: 0,
    forms: 0,
    meetings: 0,
    deciderTouches: 0,
    trialLogins: 0,
  };
  const context = { interest: 0, fit: 0, dealOpen: false, frailty: 0 };
  it('rises with every kind of engagement, an open deal and fit', () => {
    const base = conversionLogHazard(quiet, context);
    for (const key of Object.keys(quiet) as (keyof ConversionSignals)[]) {
      expect(conversionLogHazard({ ...quiet, [key]: 3 }, context), key).toBeGreaterThan(base);
    }
    expect(conversionLogHazard(quiet, { ...context, dealOpen: true })).toBeGreaterThan(base);
    expect(conversionLogHazard(quiet, { ...context, fit: 0.7 })).toBeGreaterThan(
      conversionLogHazard(quiet, { ...context, fit: -0.7 }),
    );
  });
});

describe('marketing-list spelling', () => {
  it('changes only case and surrounding whitespace, never the mailbox', () => {
    const rng = new Random(8);
    const original = 'jane.doe+crm@acme-labs.co.uk';
    const variants = new Set(Array.from({ length: 200 }, () => respellEmail(rng, original)));
    expect(variants.size).toBeGreaterThan(3);
    for (const variant of variants) expect(variant.trim().toLowerCase()).toBe(original);
  });
});

describe('helpers', () => {
  it('hands out unique domains even when names collide', () => {
    const registry = new DomainRegistry();
    const domains = Array.from({ length: 10 }, () => registry.claim('bluepeak', 'com'));
    expect(new Set(domains).size).toBe(10);
    expect(domains[0]).toBe('bluepeak.com');
    expect(asciiSlug("Señor O'Brien Café")).toBe('senorobriencafe');
  });

  it('places activity inside the window, mostly on weekdays in office hours', () => {
    const rng = new Random(2);
    const from = Date.parse('2026-03-02T00:00:00Z');
    const to = from + 7 * 86_400_000;
    const times = Array.from({ length: 2000 }, () => officeTime(rng, from, to, 1));
    expect(times.every((t) => t >= from && t < to && t % 1000 === 0)).toBe(true);
    const weekend = times.filter((t) => [0, 6].includes(new Date(t).getUTCDay())).length / times.length;
    expect(weekend).toBeLessThan(0.1);
    const hours = times.map((t) => new Date(t).getUTCHours() + 1);
    expect(hours.filter((h) => h >= 8 && h <= 19).length / hours.length).toBeGreaterThan(0.85);
  });

  it('counts bits and quotes CSV fields that need it', () => {
    expect(popcount(0)).toBe(0);
    expect(popcount(0b1011_0001)).toBe(4);
    expect(popcount(0x7fffffff)).toBe(31);
    expect(csvLine(['a', 'b,c', 'say "hi"', ' padded@x.io ', ''])).toBe(
      'a,"b,c","say ""hi"""," padded@x.io ",\n',
    );
  });

  it('parses as-of dates strictly', () => {
    expect(parseAsOf('2026-11-01')).toBe(Date.parse('2026-11-01T00:00:00Z'));
    expect(parseAsOf('2026-11-01T10:00:00+02:00')).toBe(Date.parse('2026-11-01T08:00:00Z'));
    for (const bad of ['2026-02-30', '2026-13-01', 'tomorrow', '2026-11-01T25:00:00Z'])
      expect(() => parseAsOf(bad), bad).toThrow(/not a date/);
  });
});
