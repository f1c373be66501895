import { describe, expect, it } from 'vitest';
import {
  ExpressionError,
  type ExpressionNode,
  formatExpression,
  parseExpression,
} from '../../../../workflows/expr/index.ts';

function parseError(text: string): ExpressionError {
  try {
    parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected '${text}' to fail to parse`);
}

/** Fully parenthesised shape, to assert grouping independently of the canonical printer. */
function shape(node: ExpressionNode): string {
  switch (node.kind) {
    case 'literal':
      return JSON.stringify(node.value);
    case 'list':
      return `[${node.items.map(shape).join(',')}]`;
    case 'path':
      return node.segments.join('.');
    case 'call':
      return `${node.name}(${node.args.map(shape).join(',')})`;
    case 'not':
      return `(not ${shape(node.operand)})`;
    case 'logical':
      return `(${node.operands.map(shape).join(` ${node.operator} `)})`;
    case 'compare':
      return `(${shape(node.left)} ${node.operator} ${shape(node.right)})`;
  }
}

describe('parseExpression precedence', () => {
  it('binds and tighter than or, not tighter than and, comparisons tightest', () => {
    expect(shape(parseExpression('a == 1 or b == 2 and not c'))).toBe('((a == 1) or ((b == 2) and (not c)))');
    expect(shape(parseExpression('not a == 1'))).toBe('(not (a == 1))');
    expect(shape(parseExpression('not not a'))).toBe('(not (not a))');
  });

  it('lets parentheses override precedence', () => {
    expect(shape(parseExpression('(a or b) and c'))).toBe('((a or b) and c)');
    expect(shape(parseExpression('a or (b and c)'))).toBe('(a or (b and c))');
  });

  it('flattens chains of one logical operator', () => {
    const ast = parseExpression('a and b and c');
    expect(ast.kind === 'logical' && ast.operands.length).toBe(3);
  });

  it('parses the issue examples', () => {
    expect(
      shape(
        parseExpression(
          'churn.tier == "high" and account.plan in ["Starter", "Growth"] and not contact.unsubscribed',
        ),
      ),
    ).toBe(
      '((churn.tier == "high") and (account.plan in ["Starter","Growth"]) and (not contact.unsubscribed))',
    );
    expect(shape(parseExpression('lead.score >= 70 or events.login.last_7d == 0'))).toBe(
      '((lead.score >= 70) or (events.login.last_7d == 0))',
    );
    expect(shape(parseExpression('days_since(contact.last_login) > 14'))).toBe(
      '(days_since(contact.last_login) > 14)',
    );
    expect(shape(parseExpression('contact.email ends_with "@acme.com"'))).toBe(
      '(contact.email ends_with "@acme.com")',
    );
  });

  it('parses every comparison operator', () => {
    for (const operator of [
      '==',
      '!=',
      '<',
      '<=',
      '>',
      '>=',
      'in',
      'not in',
      'contains',
      'starts_with',
      'ends_with',
    ]) {
      const ast = parseExpression(`x ${operator} y`);
      expect(ast.kind === 'compare' && ast.operator).toBe(operator);
    }
  });

  it('parses literals: numbers, negative numbers, both quote styles, escapes, booleans, null, lists', () => {
    expect(shape(parseExpression('[1, 2.5, -3, "a", \'b\', true, false, null, []]'))).toBe(
      '[1,2.5,-3,"a","b",true,false,null,[]]',
    );
    const escaped = parseExpression('"say \\"hi\\"\\n"');
    expect(escaped.kind === 'literal' && escaped.value).toBe('say "hi"\n');
  });

  it('allows keywords as field names after a dot', () => {
    expect(shape(parseExpression('event.in == 1'))).toBe('(event.in == 1)');
  });

  it('prints a canonical form that parses back to the same tree', () => {
    const texts = [
      '(a or b) and not (c == 1 or d in [1, 2])',
      'not (a and b)',
      'coalesce(x, "none") starts_with "n"',
      'a and (b and c)',
    ];
    for (const text of texts) {
      const ast = parseExpression(text);
      expect(shape(parseExpression(formatExpression(ast)))).toBe(shape(ast));
    }
    expect(formatExpression(parseExpression('(a  or b)and c'))).toBe('(a or b) and c');
  });

  it('records 1-based columns on nodes', () => {
    const ast = parseExpression('  a == "x"');
    expect(ast.kind === 'compare' && [ast.column, ast.right.column]).toEqual([3, 8]);
  });
});

describe('parseExpression errors', () => {
  it('names the column and what was expected after a dangling and', () => {
    const error = parseError('plan == "x" and ');
    expect(error.column).toBe(17);
    expect(error.message).toBe("expected a value after 'and' at column 17");
  });

  it('reports what it found instead of a value', () => {
    const error = parseError('a == )');
    expect(error.column).toBe(6);
    expect(error.reason).toBe("expected a value after '==', found ')'");
  });

  it('rejects empty expressions at column 1', () => {
    expect(parseError('').column).toBe(1);
    expect(parseError('   ').message).toBe('expected a value at column 4');
  });

  it('points at trailing garbage and chained comparisons', () => {
    const chained = parseError('1 < a < 3');
    expect(chained.column).toBe(7);
    expect(chained.reason).toContain("expected 'and', 'or' or end of expression");
    expect(parseError('a b').column).toBe(3);
  });

  it('points at unclosed parentheses, lists, calls and strings', () => {
    expect(parseError('(a or b').reason).toBe("expected ')' to close '(' from column 1");
    expect(parseError('x in [1, 2').column).toBe(11);
    expect(parseError('lower(x').reason).toContain("expected ')' to close lower(");
    const unterminated = parseError('x == "abc');
    expect([unterminated.column, unterminated.reason]).toEqual([6, 'unterminated string']);
  });

  it('rejects unknown functions with a suggestion and wrong argument counts', () => {
    const unknown = parseError('a and lowr(x) == "y"');
    expect([unknown.column, unknown.hint]).toEqual([7, "did you mean 'lower'?"]);
    expect(parseError('eval("1")').reason).toBe("unknown function 'eval'");
    expect(parseError('len(a, b)').reason).toBe('len takes len(text or list), got 2 arguments');
    expect(parseError('coalesce()').column).toBe(1);
  });

  it('explains operators borrowed from other languages', () => {
    expect(parseError('a && b').hint).toBe("use 'and' instead of '&&'");
    expect(parseError('a || b').hint).toBe("use 'or' instead of '||'");
    const single = parseError('a = 1');
    expect([single.column, single.hint]).toEqual([3, "use '==' to compare"]);
    expect(parseError('!a').hint).toBe("use 'not' instead of '!'");
  });

  it('rejects malformed numbers, paths and keywords in value position', () => {
    expect(parseError('x > 7d').reason).toBe("invalid number '7d'");
    expect(parseError('contact. == 1').reason).toBe("expected a field name after '.', found '=='");
    const keyword = parseError('x == and');
    expect([keyword.column, keyword.hint]).toEqual([6, "'and' is a keyword"]);
    expect(parseError('x ~ 1').reason).toBe("unexpected character '~'");
  });
});
