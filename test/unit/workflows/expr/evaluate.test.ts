import { describe, expect, it } from 'vitest';
import { evaluate, failureReasons, parseExpression } from '../../../../workflows/expr/index.ts';

const NOW = new Date('2026-03-15T12:00:00Z');

const contact = {
  churn: { tier: 'high', probability: 0.82 },
  account: { plan: 'Growth', seats: 12 },
  lead: { score: 64 },
  events: { login: { last_7d: 0 } },
  contact: {
    email: 'Ana@Acme.com',
    unsubscribed: false,
    last_login: '2026-02-20T09:00:00Z',
    tags: ['vip', 'beta'],
    nickname: null,
    signed_up: new Date('2025-03-15T12:00:00Z'),
  },
};

function check(text: string, context: unknown = contact): boolean {
  return evaluate(parseExpression(text), context, { now: NOW }).passed;
}

describe('evaluate: operators', () => {
  it('passes the issue examples on matching data', () => {
    expect(
      check('churn.tier == "high" and account.plan in ["Starter", "Growth"] and not contact.unsubscribed'),
    ).toBe(true);
    expect(check('lead.score >= 70 or events.login.last_7d == 0')).toBe(true);
    expect(check('days_since(contact.last_login) > 14')).toBe(true);
    expect(check('lower(contact.email) ends_with "@acme.com"')).toBe(true);
  });

  it('compares for equality without coercion', () => {
    expect(check('account.seats == 12')).toBe(true);
    expect(check('account.seats == "12"')).toBe(false);
    expect(check('account.seats != 13')).toBe(true);
    expect(check('account.seats != 12')).toBe(false);
    expect(check('contact.tags == ["vip", "beta"]')).toBe(true);
    expect(check('contact.unsubscribed == false')).toBe(true);
  });

  it('orders numbers, strings and dates, never mixed types', () => {
    expect(check('lead.score < 65 and lead.score <= 64 and lead.score > 63 and lead.score >= 64')).toBe(true);
    expect(check('lead.score < 64 or lead.score > 64')).toBe(false);
    expect(check('account.plan > "Alpha" and account.plan < "Zeta"')).toBe(true);
    expect(check('lead.score > "10"')).toBe(false);
    expect(check('lead.score < "10"')).toBe(false);
    expect(check('churn.probability >= -1')).toBe(true);
  });

  it('tests membership with in and not in', () => {
    expect(check('account.plan in ["Starter", "Growth"]')).toBe(true);
    expect(check('account.plan in ["Starter"]')).toBe(false);
    expect(check('account.plan not in ["Starter"]')).toBe(true);
    expect(check('account.plan not in ["Growth"]')).toBe(false);
    expect(check('"vip" in contact.tags')).toBe(true);
    expect(check('account.plan in "Growth plan"')).toBe(false);
  });

  it('matches text with contains, starts_with and ends_with, case-sensitively', () => {
    expect(check('contact.email contains "@Acme"')).toBe(true);
    expect(check('contact.email contains "@acme"')).toBe(false);
    expect(check('contact.email starts_with "Ana"')).toBe(true);
    expect(check('contact.email ends_with ".com"')).toBe(true);
    expect(check('contact.email ends_with ".org"')).toBe(false);
    expect(check('contact.tags contains "beta"')).toBe(true);
    expect(check('contact.tags contains "gamma"')).toBe(false);
    expect(check('account.seats starts_with "1"')).toBe(false);
  });

  it('treats only an exact true as a passing bare condition', () => {
    expect(check('flag', { flag: true })).toBe(true);
    expect(check('flag', { flag: 'yes' })).toBe(false);
    expect(check('flag', { flag: 1 })).toBe(false);
    expect(check('not flag', { flag: 'yes' })).toBe(true);
    expect(check('true and not false')).toBe(true);
  });
});

describe('evaluate: null semantics', () => {
  it('reads missing paths (at any depth) as null', () => {
    expect(check('contact.missing == null')).toBe(true);
    expect(check('nothing.at.all == null')).toBe(true);
    expect(check('contact.email.domain == null')).toBe(true);
    expect(check('contact.nickname == null')).toBe(true);
  });

  it('makes every comparison with a missing value false except == null and != null', () => {
    for (const operator of ['==', '<', '<=', '>', '>=', 'contains', 'starts_with', 'ends_with']) {
      expect(check(`contact.missing ${operator} "x"`)).toBe(false);
    }
    expect(check('contact.missing in ["x"]')).toBe(false);
    expect(check('contact.missing not in ["x"]')).toBe(false);
    expect(check('contact.missing != "x"')).toBe(false);
    expect(check('contact.missing != null')).toBe(false);
    expect(check('null != contact.email')).toBe(true);
    expect(check('contact.email != null')).toBe(true);
    expect(check('contact.email == null')).toBe(false);
  });

  it('lets not turn a failed null comparison into a pass, as written', () => {
    expect(check('not contact.missing == "x"')).toBe(true);
    expect(check('not contact.missing')).toBe(true);
  });
});

describe('evaluate: functions', () => {
  it('days_since counts whole days from the injected clock', () => {
    const at = (iso: string) => ({ d: iso });
    expect(
      evaluate(parseExpression('days_since(d) == 23'), at('2026-02-20T09:00:00Z'), { now: NOW }).passed,
    ).toBe(true);
    expect(check('days_since(d) == 0', at('2026-03-15T00:00:00Z'))).toBe(true);
    expect(check('days_since(d) == 365', { d: new Date('2025-03-15T12:00:00Z') })).toBe(true);
    expect(check('days_since(d) == 1', { d: NOW.getTime() - 86_400_000 })).toBe(true);
    expect(check('days_since(contact.signed_up) == 365')).toBe(true);
  });

  it('days_since of a missing or non-date value is null', () => {
    expect(check('days_since(d) == null', {})).toBe(true);
    expect(check('days_since(d) == null', { d: 'last tuesday' })).toBe(true);
    expect(check('days_since(d) > 14', { d: 'last tuesday' })).toBe(false);
  });

  it('depends on the injected clock only', () => {
    const ast = parseExpression('days_since(d) > 14');
    const context = { d: '2026-03-01T12:00:00Z' };
    expect(evaluate(ast, context, { now: new Date('2026-03-15T12:00:00Z') }).passed).toBe(false);
    expect(evaluate(ast, context, { now: new Date('2026-03-16T12:00:00Z') }).passed).toBe(true);
  });

  it('lower, len and coalesce', () => {
    expect(check('lower(contact.email) == "ana@acme.com"')).toBe(true);
    expect(check('lower(account.seats) == null')).toBe(true);
    expect(check('len(contact.tags) == 2 and len(account.plan) == 6')).toBe(true);
    expect(check('len(account.seats) == null')).toBe(true);
    expect(check('coalesce(contact.nickname, contact.missing, "friend") == "friend"')).toBe(true);
    expect(check('coalesce(contact.missing) == null')).toBe(true);
    expect(check('coalesce(contact.missing, lead.score > 50)')).toBe(true);
  });
});

describe('evaluate: explain', () => {
  it('names the failing sub-conditions with the values they saw', () => {
    const ast = parseExpression(
      'churn.tier == "high" and account.plan in ["Starter", "Growth"] and not contact.unsubscribed',
    );
    const result = evaluate(
      ast,
      { churn: { tier: 'medium' }, account: { plan: 'Growth' }, contact: { unsubscribed: true } },
      { now: NOW },
    );
    expect(result.passed).toBe(false);
    expect(failureReasons(result)).toEqual([
      'churn.tier == "high" was false (churn.tier is "medium")',
      'not contact.unsubscribed failed: contact.unsubscribed was true (contact.unsubscribed is true)',
    ]);
  });

  it('lists every alternative of a failed or', () => {
    const result = evaluate(
      parseExpression('lead.score >= 70 or days_since(seen) < 7'),
      { lead: { score: 40 } },
      {
        now: NOW,
      },
    );
    expect(failureReasons(result)).toEqual([
      'lead.score >= 70 was false (lead.score is 40)',
      'days_since(seen) < 7 was false (days_since(seen) is missing)',
    ]);
  });

  it('returns a tree mirroring the expression, and no reasons when it passed', () => {
    const result = evaluate(parseExpression('(a == 1 or b == 2) and c'), { a: 1, c: true }, { now: NOW });
    expect(result.passed).toBe(true);
    expect(failureReasons(result)).toEqual([]);
    expect(result.explain.kind).toBe('and');
    expect(result.explain.children.map((child) => [child.kind, child.expression, child.passed])).toEqual([
      ['or', 'a == 1 or b == 2', true],
      ['condition', 'c', true],
    ]);
    expect(result.explain.children[0]?.children[1]?.observed).toEqual(['b is missing']);
  });
});
