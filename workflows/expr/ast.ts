/** Comparison operators, written the way marketing ops type them in YAML. */
export type CompareOperator =
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'in'
  | 'not in'
  | 'contains'
  | 'starts_with'
  | 'ends_with';

export type LiteralValue = null | boolean | number | string;

/** 1-based column of the node's first character in the expression text. */
interface Located {
  readonly column: number;
}

export interface LiteralNode extends Located {
  readonly kind: 'literal';
  readonly value: LiteralValue;
}

export interface ListNode extends Located {
  readonly kind: 'list';
  readonly items: readonly ExpressionNode[];
}

/** `contact.email` -> segments ['contact', 'email']. */
export interface PathNode extends Located {
  readonly kind: 'path';
  readonly segments: readonly string[];
}

export interface CallNode extends Located {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly ExpressionNode[];
}

export interface NotNode extends Located {
  readonly kind: 'not';
  readonly operand: ExpressionNode;
}

/** `a and b and c` is one node with three operands, so explain output stays flat. */
export interface LogicalNode extends Located {
  readonly kind: 'logical';
  readonly operator: 'and' | 'or';
  readonly operands: readonly ExpressionNode[];
}

export interface CompareNode extends Located {
  readonly kind: 'compare';
  readonly operator: CompareOperator;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

export type ExpressionNode =
  | LiteralNode
  | ListNode
  | PathNode
  | CallNode
  | NotNode
  | LogicalNode
  | CompareNode;

export function pathText(node: PathNode): string {
  return node.segments.join('.');
}
