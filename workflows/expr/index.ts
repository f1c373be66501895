export type {
  CallNode,
  CompareNode,
  CompareOperator,
  ExpressionNode,
  ListNode,
  LiteralNode,
  LiteralValue,
  LogicalNode,
  NotNode,
  PathNode,
} from './ast.ts';
export { pathText } from './ast.ts';
export { type CompiledExpression, type CompileOptions, collectPaths, compileExpression } from './compile.ts';
export {
  type EvaluateOptions,
  type Evaluation,
  type Explanation,
  evaluate,
  failureReasons,
} from './evaluate.ts';
export {
  ExpressionError,
  type ExpressionLocation,
  expressionIssue,
  expressionPosition,
  isExpressionError,
} from './expression-error.ts';
export { formatExpression } from './format.ts';
export { FUNCTION_NAMES } from './functions.ts';
export { parseExpression } from './parser.ts';
export { type Token, type TokenKind, tokenize } from './tokenizer.ts';
export type { Value } from './values.ts';
