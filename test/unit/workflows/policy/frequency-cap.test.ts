import { describe, expect, it } from 'vitest';
import {
  type FrequencyCap,
  frequencyCapDecision,
  frequencyCapSchema,
  type SentMessage,
} from '../../../../workflows/policy/index.ts';
import { at } from './helpers.ts';

const twoPerWeek: FrequencyCap = frequencyCapSchema.parse({ max: 2, within: { amount: 7, unit: 'days' } });

const history: SentMessage[] = [
  { sentAt: at('2026-01-05T10:00:00Z'), category: 'marketing', sequenceId: 'onboarding' },
  { sentAt: at('2026-01-08T10:00:00Z'), category: 'marketing', sequenceId: 'churn-retention' },
  { sentAt: at('2026-01-09T10:00:00Z'), category: 'transactional' },
];

describe('frequencyCapDecision', () => {
  it('defaults the category to marketing', () => {
    expect(twoPerWeek.category).toBe('marketing');
  });
  it('allows a send under the cap', () => {
    const now = at('2026-01-07T10:00:00Z');
    expect(frequencyCapDecision(history, twoPerWeek, now)).toEqual({ kind: 'send', at: now });
  });
  it('defers across sequences until the oldest counted send ages out', () => {
    const decision = frequencyCapDecision(history, twoPerWeek, at('2026-01-10T10:00:00Z'));
    expect(decision.kind).toBe('defer');
    if (decision.kind !== 'defer') return;
    expect(decision.until.toISOString()).toBe('2026-01-12T10:00:00.000Z');
    expect(decision.reason).toContain('2 sent in the last 7 days across 2 sequences');
  });
  it('stops counting a send exactly one window later', () => {
    const now = at('2026-01-12T10:00:00Z');
    expect(frequencyCapDecision(history, twoPerWeek, now)).toEqual({ kind: 'send', at: now });
  });
  it('waits for enough sends to age out when over the cap', () => {
    const crowded = [...history, { sentAt: at('2026-01-09T12:00:00Z'), category: 'marketing' }];
    const decision = frequencyCapDecision(crowded, twoPerWeek, at('2026-01-10T10:00:00Z'));
    expect(decision.kind === 'defer' && decision.until.toISOString()).toBe('2026-01-15T10:00:00.000Z');
  });
  it('ignores sends recorded after now', () => {
    const now = at('2026-01-06T10:00:00Z');
    expect(frequencyCapDecision(history, twoPerWeek, now)).toEqual({ kind: 'send', at: now });
  });
  it('skips when the cap allows nothing', () => {
    const none = frequencyCapSchema.parse({ max: 0, within: { amount: 1, unit: 'days' } });
    expect(frequencyCapDecision([], none, at('2026-01-06T10:00:00Z')).kind).toBe('skip');
  });
});
