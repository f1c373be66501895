import type { ExpressionNode, LiteralValue } from './ast.ts';

function formatLiteral(value: LiteralValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

/** Binding strength, so the printer adds parentheses exactly where the parser needs them. */
function precedence(node: ExpressionNode): number {
  if (node.kind === 'logical') return node.operator === 'or' ? 1 : 2;
  if (node.kind === 'not') return 3;
  if (node.kind === 'compare') return 4;
  return 5;
}

function wrap(node: ExpressionNode, minimum: number): string {
  const text = formatExpression(node);
  return precedence(node) < minimum ? `(${text})` : text;
}

/** Canonical text of an AST; parsing it again yields the same tree (columns aside). */
export function formatExpression(node: ExpressionNode): string {
  switch (node.kind) {
    case 'literal':
      return formatLiteral(node.value);
    case 'list':
      return `[${node.items.map(formatExpression).join(', ')}]`;
    case 'path':
      return node.segments.join('.');
    case 'call':
      return `${node.name}(${node.args.map(formatExpression).join(', ')})`;
    case 'not':
      return `not ${wrap(node.operand, 3)}`;
    case 'logical': {
      const own = precedence(node);
      return node.operands.map((operand) => wrap(operand, own + 1)).join(` ${node.operator} `);
    }
    case 'compare':
      return `${wrap(node.left, 5)} ${node.operator} ${wrap(node.right, 5)}`;
  }
}
