import { closest } from '../../core/config/suggest.ts';
import { type ExpressionNode, type PathNode, pathText } from './ast.ts';
import { type EvaluateOptions, type Evaluation, evaluate } from './evaluate.ts';
import { ExpressionError } from './expression-error.ts';
import { parseExpression } from './parser.ts';

export interface CompileOptions {
  /**
   * Fields a condition may read, as dotted paths (`contact.email`). `events.*` allows anything below
   * `events`. Naming an object that has known fields below it (`contact`) is allowed too.
   */
  readonly knownPaths?: readonly string[];
}

export interface CompiledExpression {
  readonly text: string;
  readonly ast: ExpressionNode;
  /** Every field the expression reads, in order of first appearance, without repeats. */
  readonly paths: readonly string[];
  evaluate(context: unknown, options: EvaluateOptions): Evaluation;
}

/** Path nodes in source order. */
export function collectPaths(node: ExpressionNode): PathNode[] {
  switch (node.kind) {
    case 'path':
      return [node];
    case 'literal':
      return [];
    case 'list':
      return node.items.flatMap(collectPaths);
    case 'call':
      return node.args.flatMap(collectPaths);
    case 'not':
      return collectPaths(node.operand);
    case 'logical':
      return node.operands.flatMap(collectPaths);
    case 'compare':
      return [...collectPaths(node.left), ...collectPaths(node.right)];
  }
}

function isKnown(path: string, knownPaths: readonly string[]): boolean {
  return knownPaths.some((known) => {
    if (known.endsWith('.*')) return path === known.slice(0, -2) || path.startsWith(known.slice(0, -1));
    return known === path || known.startsWith(`${path}.`);
  });
}

function unknownPathError(node: PathNode, knownPaths: readonly string[]): ExpressionError {
  const path = pathText(node);
  const candidates = knownPaths.map((known) => (known.endsWith('.*') ? known.slice(0, -2) : known));
  const match = closest(path, candidates);
  const hint = match !== undefined ? `did you mean '${match}'?` : undefined;
  return new ExpressionError(`unknown field '${path}'`, node.column, hint);
}

/** Parses and, when known fields are given, checks every field the expression reads. */
export function compileExpression(text: string, options: CompileOptions = {}): CompiledExpression {
  const ast = parseExpression(text);
  const nodes = collectPaths(ast);
  const { knownPaths } = options;
  if (knownPaths !== undefined) {
    const unknown = nodes.find((node) => !isKnown(pathText(node), knownPaths));
    if (unknown) throw unknownPathError(unknown, knownPaths);
  }
  const paths = [...new Set(nodes.map(pathText))];
  return {
    text,
    ast,
    paths,
    evaluate: (context, evaluateOptions) => evaluate(ast, context, evaluateOptions),
  };
}
