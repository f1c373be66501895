import type { CompareNode, CompareOperator, ExpressionNode } from './ast.ts';
import { formatExpression } from './format.ts';
import { FUNCTIONS, type FunctionContext } from './functions.ts';
import { compareOrder, describeValue, isList, resolvePath, type Value, valuesEqual } from './values.ts';

export interface EvaluateOptions {
  /** The clock for days_since(); injected so results are reproducible. */
  readonly now: Date;
}

/** Why a condition passed or failed, as a tree mirroring the and/or/not structure. */
export interface Explanation {
  readonly kind: 'and' | 'or' | 'not' | 'condition';
  /** Canonical text of this sub-condition. */
  readonly expression: string;
  readonly passed: boolean;
  /** What the condition saw, e.g. `churn.tier is "medium"`; only for fields and function results. */
  readonly observed: readonly string[];
  readonly children: readonly Explanation[];
}

export interface Evaluation {
  readonly passed: boolean;
  readonly explain: Explanation;
}

type Scope = { readonly context: unknown } & FunctionContext;

function safeResolve(context: unknown, segments: readonly string[]): Value {
  try {
    return resolvePath(context, segments);
  } catch {
    // A hostile or broken context (e.g. a throwing proxy) reads as missing data, never as an error.
    return null;
  }
}

function matchText(operator: CompareOperator, left: Value, right: Value): boolean {
  if (typeof left !== 'string' || typeof right !== 'string') return false;
  if (operator === 'starts_with') return left.startsWith(right);
  if (operator === 'ends_with') return left.endsWith(right);
  return left.includes(right);
}

function isNullLiteral(node: ExpressionNode): boolean {
  return node.kind === 'literal' && node.value === null;
}

/**
 * Null-safe comparison: unknown data never passes a filter. Only `== null` and `!= null` look at
 * missing values; every other comparison with a missing side, and every type mismatch, is false.
 */
function compare(node: CompareNode, left: Value, right: Value): boolean {
  const { operator } = node;
  if (operator === '==') return valuesEqual(left, right);
  if (operator === '!=') {
    if (isNullLiteral(node.right)) return left !== null;
    if (isNullLiteral(node.left)) return right !== null;
    return left !== null && right !== null && !valuesEqual(left, right);
  }
  if (left === null || right === null) return false;
  switch (operator) {
    case 'in':
      return isList(right) && right.some((item) => valuesEqual(left, item));
    case 'not in':
      return isList(right) && !right.some((item) => valuesEqual(left, item));
    case 'contains':
      if (isList(left)) return left.some((item) => valuesEqual(item, right));
      return matchText(operator, left, right);
    case 'starts_with':
    case 'ends_with':
      return matchText(operator, left, right);
    default: {
      const order = compareOrder(left, right);
      if (order === null) return false;
      if (operator === '<') return order < 0;
      if (operator === '<=') return order <= 0;
      if (operator === '>') return order > 0;
      return order >= 0;
    }
  }
}

function computeValue(node: ExpressionNode, scope: Scope): Value {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'list':
      return node.items.map((item) => computeValue(item, scope));
    case 'path':
      return safeResolve(scope.context, node.segments);
    case 'call': {
      const spec = FUNCTIONS.get(node.name);
      return spec
        ? spec.apply(
            node.args.map((arg) => computeValue(arg, scope)),
            scope,
          )
        : null;
    }
    default:
      return explain(node, scope).passed;
  }
}

/** Shows the data a comparison looked at; literals are already visible in the expression. */
function observe(nodes: readonly ExpressionNode[], values: readonly Value[]): string[] {
  const seen: string[] = [];
  nodes.forEach((node, i) => {
    if (node.kind === 'path' || node.kind === 'call') {
      seen.push(`${formatExpression(node)} is ${describeValue(values[i] ?? null)}`);
    }
  });
  return seen;
}

function explain(node: ExpressionNode, scope: Scope): Explanation {
  const expression = formatExpression(node);
  if (node.kind === 'logical') {
    // Every operand is evaluated (no short-circuit) so the explanation names all failing parts.
    const children = node.operands.map((operand) => explain(operand, scope));
    const passed =
      node.operator === 'and'
        ? children.every((child) => child.passed)
        : children.some((child) => child.passed);
    return { kind: node.operator, expression, passed, observed: [], children };
  }
  if (node.kind === 'not') {
    const child = explain(node.operand, scope);
    return { kind: 'not', expression, passed: !child.passed, observed: [], children: [child] };
  }
  if (node.kind === 'compare') {
    const left = computeValue(node.left, scope);
    const right = computeValue(node.right, scope);
    const observed = observe([node.left, node.right], [left, right]);
    return { kind: 'condition', expression, passed: compare(node, left, right), observed, children: [] };
  }
  const value = computeValue(node, scope);
  // A bare field is a condition only when it is exactly true: "yes", 1 or a missing field do not pass.
  return {
    kind: 'condition',
    expression,
    passed: value === true,
    observed: observe([node], [value]),
    children: [],
  };
}

/** Evaluates a parsed condition against one record. Pure and total: bad data yields false, never a throw. */
export function evaluate(ast: ExpressionNode, context: unknown, options: EvaluateOptions): Evaluation {
  const result = explain(ast, { context, now: options.now });
  return { passed: result.passed, explain: result };
}

function reasonsFor(node: Explanation): string[] {
  if (node.passed) return [];
  if (node.kind === 'and' || node.kind === 'or') return node.children.flatMap(reasonsFor);
  if (node.kind === 'not') {
    const [child] = node.children;
    const seen = child && child.observed.length > 0 ? ` (${child.observed.join(', ')})` : '';
    return [`${node.expression} failed: ${child?.expression ?? ''} was true${seen}`];
  }
  const seen = node.observed.length > 0 ? ` (${node.observed.join(', ')})` : '';
  return [`${node.expression} was false${seen}`];
}

/**
 * The smallest failing sub-conditions, one sentence each, for `scorebridge plan`:
 * `churn.tier == "high" was false (churn.tier is "medium")`. Empty when the condition passed.
 */
export function failureReasons(evaluation: Evaluation): string[] {
  return reasonsFor(evaluation.explain);
}
