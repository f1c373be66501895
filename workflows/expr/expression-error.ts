import type { ConfigIssue } from '../../core/config/config-error.ts';
import { type ConfigPath, formatPath } from '../../core/config/path.ts';
import type { SourcePosition, YamlSource } from '../../core/config/yaml-source.ts';

/** A problem in an expression's text, located by 1-based column within that text. */
export class ExpressionError extends Error {
  readonly column: number;
  /** The problem without its location, for messages that locate it themselves (config issues). */
  readonly reason: string;
  /** What to do about it, e.g. "did you mean 'contact.email'?". */
  readonly hint?: string;

  constructor(reason: string, column: number, hint?: string) {
    super(`${reason} at column ${column}${hint ? `; ${hint}` : ''}`);
    this.name = 'ExpressionError';
    this.reason = reason;
    this.column = column;
    if (hint !== undefined) this.hint = hint;
  }
}

export function isExpressionError(error: unknown): error is ExpressionError {
  return error instanceof ExpressionError;
}

/** Line (0-based offset) and 1-based column of a column counted over the whole, possibly multi-line, text. */
function positionInText(text: string, column: number): { lineOffset: number; column: number } {
  const before = text.slice(0, column - 1);
  const lineOffset = before.split('\n').length - 1;
  const lastBreak = before.lastIndexOf('\n');
  return { lineOffset, column: column - lastBreak - 1 };
}

/**
 * Where an expression error sits in the file, given where the expression's first character is.
 * For a quoted YAML scalar that is one column after the value start (pass `leadingChars: 1`).
 */
export function expressionPosition(
  error: ExpressionError,
  text: string,
  start: SourcePosition,
  leadingChars = 0,
): SourcePosition {
  const inText = positionInText(text, error.column);
  if (inText.lineOffset === 0)
    return { line: start.line, column: start.column + leadingChars + inText.column - 1 };
  // Later lines of a block scalar: the expression's own column is the best we know without the indent.
  return { line: start.line + inText.lineOffset, column: inText.column };
}

export interface ExpressionLocation {
  /** The parsed file holding the expression. */
  readonly source: Pick<YamlSource, 'file' | 'locate'>;
  /** YAML path of the string, e.g. ['workflows', 0, 'audience', 'when']. */
  readonly path: ConfigPath;
  /** The expression text as read from YAML. */
  readonly text: string;
  /** 1 when the YAML scalar is quoted, so columns skip the opening quote. */
  readonly leadingChars?: number;
}

/** Turns an expression error into a config issue at file:line:column + YAML path. */
export function expressionIssue(error: ExpressionError, location: ExpressionLocation): ConfigIssue {
  const start = location.source.locate(location.path);
  const { line, column } = expressionPosition(error, location.text, start, location.leadingChars ?? 0);
  const issue = {
    file: location.source.file,
    line,
    column,
    path: formatPath(location.path),
    message: `invalid expression: ${error.reason} (expression column ${error.column})`,
  };
  return error.hint ? { ...issue, hint: error.hint } : issue;
}
