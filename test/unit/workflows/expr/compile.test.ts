import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../core/config/config-error.ts';
import { parseYamlSource } from '../../../../core/config/yaml-source.ts';
import {
  compileExpression,
  ExpressionError,
  expressionIssue,
  expressionPosition,
  isExpressionError,
} from '../../../../workflows/expr/index.ts';

const KNOWN = ['contact.email', 'contact.last_login', 'churn.tier', 'account.plan', 'events.*'];

function compileError(text: string, knownPaths: readonly string[] = KNOWN): ExpressionError {
  try {
    compileExpression(text, { knownPaths });
  } catch (error) {
    if (isExpressionError(error)) return error;
    throw error;
  }
  throw new Error(`expected '${text}' to be rejected`);
}

describe('compileExpression', () => {
  it('lists the fields an expression reads, once each, in order', () => {
    const compiled = compileExpression(
      'churn.tier == "high" and (account.plan == "x" or churn.tier == "low")',
    );
    expect(compiled.paths).toEqual(['churn.tier', 'account.plan']);
  });

  it('accepts known fields, parent objects of known fields and wildcard subtrees', () => {
    expect(() =>
      compileExpression(
        'contact.email ends_with "@a.com" and events.login.last_7d == 0 and events != null and contact != null',
        {
          knownPaths: KNOWN,
        },
      ),
    ).not.toThrow();
  });

  it('rejects an unknown field at its column and suggests the closest known one', () => {
    const error = compileError('churn.tier == "high" and contact.emial ends_with "@acme.com"');
    expect(error.column).toBe(26);
    expect(error.reason).toBe("unknown field 'contact.emial'");
    expect(error.hint).toBe("did you mean 'contact.email'?");
    expect(error.message).toBe("unknown field 'contact.emial' at column 26; did you mean 'contact.email'?");
  });

  it('gives no suggestion when nothing is close', () => {
    const error = compileError('warehouse.revenue > 10');
    expect(error.hint).toBeUndefined();
    expect(error.column).toBe(1);
  });

  it('finds unknown fields inside function arguments and lists', () => {
    expect(compileError('days_since(contact.last_logn) > 3').hint).toBe("did you mean 'contact.last_login'?");
    expect(compileError('"x" in [account.plan, churn.teir]').column).toBe(23);
  });

  it('evaluates through the compiled form', () => {
    const compiled = compileExpression('churn.tier == "high"', { knownPaths: KNOWN });
    expect(compiled.evaluate({ churn: { tier: 'high' } }, { now: new Date(0) }).passed).toBe(true);
  });
});

describe('expression errors as located config issues', () => {
  const yaml = [
    'workflows:',
    '  - id: retention',
    '    audience:',
    '      when: churn.tier == "high" and',
    '    exit:',
    '      when: "contact.emial == null"',
    '',
  ].join('\n');
  const source = parseYamlSource(yaml, 'config/workflows.yaml');

  it('maps a parse error in a plain scalar to file:line:column and YAML path', () => {
    const text = 'churn.tier == "high" and';
    let caught: unknown;
    try {
      compileExpression(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    const issue = expressionIssue(caught as ExpressionError, {
      source,
      path: ['workflows', 0, 'audience', 'when'],
      text,
    });
    // Value starts at column 13 of line 4; the missing value is at expression column 25.
    expect(issue).toMatchObject({
      file: 'config/workflows.yaml',
      line: 4,
      column: 37,
      path: 'workflows[0].audience.when',
      message: "invalid expression: expected a value after 'and' (expression column 25)",
    });
    expect(new ConfigError(issue).message).toBe(
      "invalid expression: expected a value after 'and' (expression column 25) at workflows[0].audience.when (config/workflows.yaml:4:37)",
    );
  });

  it('skips the opening quote of a quoted scalar and keeps the hint', () => {
    const text = 'contact.emial == null';
    const error = compileError(text);
    const issue = expressionIssue(error, {
      source,
      path: ['workflows', 0, 'exit', 'when'],
      text,
      leadingChars: 1,
    });
    expect([issue.line, issue.column, issue.hint]).toEqual([6, 14, "did you mean 'contact.email'?"]);
    expect(yaml.split('\n')[5]?.slice(13, 26)).toBe('contact.emial');
  });

  it('counts lines inside multi-line expressions', () => {
    const error = new ExpressionError('expected a value', 8);
    expect(expressionPosition(error, 'a and\nb and', { line: 10, column: 5 })).toEqual({
      line: 11,
      column: 2,
    });
    expect(expressionPosition(new ExpressionError('x', 3), 'a and\nb', { line: 10, column: 5 })).toEqual({
      line: 10,
      column: 7,
    });
  });
});
