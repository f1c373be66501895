import { describe, expect, it } from 'vitest';
import { ExpressionError, evaluate, parseExpression } from '../../../../workflows/expr/index.ts';

const NOW = new Date('2026-01-01T00:00:00Z');

function check(text: string, context: unknown): boolean {
  return evaluate(parseExpression(text), context, { now: NOW }).passed;
}

describe('no JavaScript is ever executed', () => {
  it('resolves constructor chains and prototype names to null', () => {
    const context = { contact: { email: 'a@b.c' }, list: [1, 2] };
    expect(check('constructor == null', context)).toBe(true);
    expect(check('contact.constructor == null', context)).toBe(true);
    expect(check('contact.email.constructor.constructor == null', context)).toBe(true);
    expect(check('contact.__proto__ == null', context)).toBe(true);
    expect(check('contact.prototype == null', context)).toBe(true);
    expect(check('contact.toString == null and contact.hasOwnProperty == null', context)).toBe(true);
    expect(check('list.length == null', context)).toBe(true);
    expect(check('toString == null and valueOf == null and hasOwnProperty == null', context)).toBe(true);
  });

  it('cannot call anything outside the function whitelist', () => {
    expect(() => parseExpression('constructor.constructor("return process")()')).toThrow(ExpressionError);
    expect(() => parseExpression('contact.email.toString()')).toThrow(ExpressionError);
    expect(() => parseExpression('eval("1")')).toThrow("unknown function 'eval'");
    expect(() => parseExpression('require("fs")')).toThrow(ExpressionError);
    expect(() => parseExpression('constructor(1)')).toThrow("unknown function 'constructor'");
    expect(() => parseExpression('toString(1)')).toThrow("unknown function 'toString'");
  });

  it('blocks __proto__ even when it is an own key of the data', () => {
    const context = JSON.parse('{"contact": {"__proto__": {"admin": true}}}') as unknown;
    expect(check('contact.__proto__.admin == true', context)).toBe(false);
    expect(check('contact.__proto__.admin == null', context)).toBe(true);
  });

  it('never runs getters, functions or class instances found in the data', () => {
    let touched = 0;
    const context = {
      get secret() {
        touched++;
        return 'x';
      },
      fn: () => {
        touched++;
        return true;
      },
      instance: new (class Account {
        plan = 'Growth';
      })(),
    };
    expect(check('secret == "x"', context)).toBe(false);
    expect(check('fn == null and not fn', context)).toBe(true);
    expect(check('instance.plan == null', context)).toBe(true);
    expect(touched).toBe(0);
  });

  it('is total: hostile or odd data yields false, not an exception', () => {
    const hostile = new Proxy(
      {},
      {
        getOwnPropertyDescriptor() {
          throw new Error('boom');
        },
        getPrototypeOf() {
          return Object.prototype;
        },
      },
    );
    expect(check('a.b == 1', hostile)).toBe(false);
    expect(check('a == null', hostile)).toBe(true);
    for (const context of [
      null,
      undefined,
      42,
      'text',
      [],
      { a: Number.NaN },
      { a: 10n },
      { a: Symbol('s') },
    ]) {
      expect(check('a > 1 or a in [1] or a contains "x" or days_since(a) > 1 or len(a) > 0', context)).toBe(
        false,
      );
    }
  });

  it('turns runaway nesting into a located error rather than a stack overflow', () => {
    const deep = `${'('.repeat(5000)}a${')'.repeat(5000)}`;
    expect(() => parseExpression(deep)).toThrow('expression nests deeper than 64 levels at column 65');
    expect(() => parseExpression(`${'not '.repeat(5000)}a`)).toThrow(ExpressionError);
    expect(() => parseExpression(`${'['.repeat(5000)}`)).toThrow(ExpressionError);
    expect(check(`${'('.repeat(30)}a${')'.repeat(30)}`, { a: true })).toBe(true);
  });

  it('does not touch the prototype of shared objects', () => {
    check('__proto__.polluted == true', {});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
