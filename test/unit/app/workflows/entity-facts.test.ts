import { describe, expect, it } from 'vitest';
import { exitFacts, usageSummary } from '../../../../app/workflows/entity-facts.ts';
import type { ResolvedEvent } from '../../../../core/schema/index.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-11-20T12:00:00Z');
let seq = 0;
function event(type: string, daysAgo: number, contactId = 'c1'): ResolvedEvent {
  seq += 1;
  return {
    id: seq,
    type: type as ResolvedEvent['type'],
    occurredAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
    contactId,
    accountId: 'a1',
    value: null,
    properties: {},
    source: { system: 'test', objectType: 'events', externalId: String(seq) },
  };
}

describe('exit facts', () => {
  const since = new Date(NOW.getTime() - 10 * DAY);

  it('counts replies, meetings, unsubscribes and bounces only after the enrollment started', () => {
    const before = [event('email_reply', 12), event('meeting', 11), event('email_unsubscribe', 30)];
    expect(exitFacts(before, { since, now: NOW })).toMatchObject({
      reply: false,
      meeting_booked: false,
      unsubscribe: false,
    });
    const after = [...before, event('email_reply', 2), event('email_bounce', 1)];
    expect(exitFacts(after, { since, now: NOW })).toMatchObject({
      reply: true,
      bounce: true,
      meeting_booked: false,
    });
  });

  it('has no facts for an entity that is not enrolled', () => {
    expect(exitFacts([event('email_reply', 1)], { since: null, now: NOW }).reply).toBe(false);
  });

  it('calls usage recovered when the last week is back to the weekly average of the 4 weeks before enrollment', () => {
    // Baseline: 28 uses in the 28 days before enrollment = 7 per week.
    const baseline = Array.from({ length: 28 }, (_, i) => event('feature_use', 11 + i));
    const lowWeek = Array.from({ length: 6 }, (_, i) => event('login', i + 0.5));
    expect(exitFacts([...baseline, ...lowWeek], { since, now: NOW }).usage_recovered).toBe(false);
    const fullWeek = [...lowWeek, event('login', 3)];
    expect(exitFacts([...baseline, ...fullWeek], { since, now: NOW })).toMatchObject({
      usage_recovered: true,
      login_recovered: true,
    });
  });

  it('does not judge recovery in the first week after enrollment', () => {
    const recent = new Date(NOW.getTime() - 3 * DAY);
    const events = Array.from({ length: 50 }, (_, i) => event('login', i / 20));
    expect(exitFacts(events, { since: recent, now: NOW }).usage_recovered).toBe(false);
  });
});

describe('usage summary', () => {
  it('counts active users, feature uses and days since the last login over the period', () => {
    const events = [
      event('login', 5, 'c1'),
      event('feature_use', 4, 'c2'),
      event('feature_use', 100, 'c3'),
      event('login', 95, 'c3'),
      event('page_view', 1, 'c4'),
    ];
    expect(usageSummary(events, NOW)).toEqual({
      activeUsers: 2,
      featureUses: 1,
      logins: 1,
      daysInactive: 5,
      periodDays: 90,
    });
    expect(usageSummary([], NOW).daysInactive).toBeNull();
  });

  it('counts calendar days up to the given instant: a login the evening before a midnight as-of is 1 day', () => {
    const asOf = new Date('2026-10-01T00:00:00Z');
    const at = (iso: string) => ({ ...event('login', 0), occurredAt: iso });
    expect(usageSummary([at('2026-09-30T21:00:00Z')], asOf).daysInactive).toBe(1);
    expect(usageSummary([at('2026-09-29T01:00:00Z')], asOf).daysInactive).toBe(2);
    // Events at or after the as-of instant are not counted: they happened after the scores' data.
    expect(usageSummary([at('2026-10-01T00:00:00Z'), at('2026-08-22T00:00:00Z')], asOf).daysInactive).toBe(
      40,
    );
  });
});
