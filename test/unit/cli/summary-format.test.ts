import { describe, expect, it } from 'vitest';
import type { ModelSummary, RunSummary } from '../../../app/summary/run-summary.ts';
import { formatSummary, wrapLines } from '../../../cli/commands/summary-format.ts';

const quality = {
  rocAuc: 0.86,
  prAuc: 0.41,
  calibrationError: 0.018,
  baseRate: 0.05,
  holdoutRows: 800,
  holdoutPositives: 40,
  holdoutCutoff: '2026-08-03T00:00:00.000Z',
};

function model(
  overrides: Partial<ModelSummary> & Pick<ModelSummary, 'name' | 'kind' | 'entity'>,
): ModelSummary {
  return {
    horizonDays: 90,
    version: 1,
    scored: 0,
    tiers: [],
    quality: null,
    drift: null,
    top: [],
    expectedRevenue: null,
    actions: [],
    ...overrides,
  };
}

const churn = model({
  name: 'churn_risk',
  kind: 'churn',
  entity: 'account',
  scored: 300,
  tiers: [
    { tier: 'low', count: 280 },
    { tier: 'medium', count: 20 },
  ],
  quality,
  drift: { scorePsi: 0.31, status: 'alert', featuresAlert: 2, featuresWarn: 1 },
  top: [
    {
      entityType: 'account',
      id: 'acc_7f3a9c',
      name: 'Brightline Group',
      detail: 'brightline.example',
      score: 68,
      probability: 0.68,
      reason: 'no login for 26 days',
    },
  ],
});

const lead = model({
  name: 'lead_score',
  kind: 'lead',
  entity: 'contact',
  scored: 1000,
  tiers: [
    { tier: 'high', count: 12 },
    { tier: 'low', count: 988 },
  ],
  quality,
  top: [
    {
      entityType: 'contact',
      id: 'con_0b12de',
      name: 'Wei Davis',
      detail:
        'Director of Customer Success at a company with a remarkably long registered name, Incorporated',
      score: 70,
      probability: 0.3,
      reason: '2 e-mail replies from the company in the last 30 days',
    },
  ],
});

const summary: RunSummary = {
  asOf: '2026-11-01T00:00:00.000Z',
  data: {
    contacts: 1000,
    accounts: 300,
    events: 50_000,
    deals: 120,
    streams: 5,
    matchedByEmail: 40,
    matchedByDomain: 0,
    mergedByCrm: { contacts: 0, accounts: 0 },
    quarantined: { total: 0, examples: [] },
  },
  models: [lead, churn],
  workflows: null,
};

const next = { dashboardUrl: 'http://localhost:8080/dashboard', configFlag: '' };

describe('the summary a marketer reads', () => {
  const text = formatSummary(summary, next);
  const words = text.replace(/\s+/g, ' ');

  it('names every tier, the empty ones too, in words', () => {
    expect(words).toContain('12 hot leads (high tier), 0 warm (medium), 988 not ready yet (low).');
    expect(words).toContain(
      '0 accounts at high risk of cancelling (high tier), 20 at medium risk (medium), 280 at low risk (low).',
    );
  });

  it('lists each top entity by name with its score and reason, never its id', () => {
    expect(words).toContain('1. Brightline Group, 68% risk of cancelling no login for 26 days');
    expect(words).toContain('1. Wei Davis (Director of Customer Success at');
    expect(text).not.toContain('acc_7f3a9c');
    expect(text).not.toContain('con_0b12de');
  });

  it('says what to do next, by name, and warns before acting on a drifting model', () => {
    const nextSection = text.slice(text.indexOf('What to do next')).replace(/\s+/g, ' ');
    expect(nextSection).toContain(
      'Talk to the 20 accounts at high or medium risk of cancelling this week, starting with Brightline Group',
    );
    expect(nextSection).toContain('Hand the 12 hot or warm leads to sales, starting with Wei Davis');
    expect(nextSection).toContain('Check the data before acting on churn risk');
    expect(words).toContain('the scores have shifted a lot since training');
  });

  it('keeps prose within 100 columns (commands to copy are left whole)', () => {
    for (const line of text.split('\n'))
      if (!line.includes('npx scorebridge')) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it('wraps step lines at their own indentation', () => {
    const wrapped = wrapLines(`  ${'word '.repeat(40).trim()}`).split('\n');
    expect(wrapped.length).toBeGreaterThan(1);
    for (const line of wrapped) {
      expect(line.startsWith('  word')).toBe(true);
      expect(line.length).toBeLessThanOrEqual(100);
    }
  });
});
