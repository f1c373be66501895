import { describe, expect, it } from 'vitest';
import { decideDelivery, frequencyCapSchema } from '../../../../workflows/policy/index.ts';
import { at, policy } from './helpers.ts';

const madrid = 'Europe/Madrid';
const twoPerWeek = frequencyCapSchema.parse({ max: 2, within: { amount: 7, unit: 'days' } });

describe('decideDelivery', () => {
  it('sends now when every rule allows it', () => {
    const now = at('2026-01-12T10:00:00Z');
    expect(decideDelivery(now, policy(), { contactTimeZone: madrid })).toEqual({ kind: 'send', at: now });
  });
  it('defers to the window with a reason naming the zone', () => {
    expect(decideDelivery(at('2026-01-12T17:30:00Z'), policy(), { contactTimeZone: madrid })).toEqual({
      kind: 'defer',
      until: at('2026-01-13T08:00:00Z'),
      reason: 'outside send window 09:00-17:00 in Europe/Madrid',
    });
  });
  it('mentions the fallback zone in the reason', () => {
    const decision = decideDelivery(at('2026-01-12T05:00:00Z'), policy(), { contactTimeZone: 'Nowhere' });
    expect(decision.kind === 'defer' && decision.reason).toContain('"Nowhere" is not an IANA zone');
  });
  it('lets a frequency cap push the send onto a weekend, then defers to Monday keeping the time', () => {
    const history = [
      { sentAt: at('2026-01-10T10:00:00Z'), category: 'marketing' },
      { sentAt: at('2026-01-11T10:00:00Z'), category: 'marketing' },
    ];
    const decision = decideDelivery(at('2026-01-12T10:00:00Z'), policy(), {
      contactTimeZone: madrid,
      history,
      caps: [twoPerWeek],
    });
    expect(decision.kind).toBe('defer');
    if (decision.kind !== 'defer') return;
    expect(decision.until.toISOString()).toBe('2026-01-19T10:00:00.000Z');
    expect(decision.reason).toContain('frequency cap reached');
  });
  it('skips when no instant is ever sendable', () => {
    const decision = decideDelivery(at('2026-01-12T10:00:00Z'), policy({ quietHours: ['00:00-24:00'] }));
    expect(decision.kind).toBe('skip');
  });
});
