import type { ConfigIssue, ConfigPath, YamlSource } from '../../core/config/index.ts';
import { compileExpression, expressionIssue, isExpressionError } from '../expr/index.ts';

/** Every condition expression a workflow file holds, by YAML path, read from the raw document. */
export function expressionPaths(data: unknown): Array<{ path: ConfigPath; text: string }> {
  const found: Array<{ path: ConfigPath; text: string }> = [];
  if (typeof data !== 'object' || data === null) return found;
  const file = data as { entry?: { audience?: unknown }; exit?: unknown };
  if (typeof file.entry?.audience === 'string')
    found.push({ path: ['entry', 'audience'], text: file.entry.audience });
  if (Array.isArray(file.exit)) {
    file.exit.forEach((exit: unknown, index) => {
      const when = (exit as { when?: unknown } | null)?.when;
      if (typeof when === 'string') found.push({ path: ['exit', index, 'when'], text: when });
    });
  }
  return found;
}

/** Whether the scalar at `path` starts with a quote, so expression columns skip it. */
function quoteWidth(source: YamlSource, lines: readonly string[], path: ConfigPath): number {
  const { line, column } = source.locate(path);
  const first = lines[line - 1]?.[column - 1];
  return first === '"' || first === "'" ? 1 : 0;
}

/** Syntax errors in the file's expressions, each at the exact line and column of the bad token. */
export function expressionIssues(source: YamlSource, text: string): ConfigIssue[] {
  const lines = text.split('\n');
  const issues: ConfigIssue[] = [];
  for (const { path, text: expression } of expressionPaths(source.data)) {
    try {
      compileExpression(expression);
    } catch (error) {
      if (!isExpressionError(error)) throw error;
      const leadingChars = quoteWidth(source, lines, path);
      issues.push(expressionIssue(error, { source, path, text: expression, leadingChars }));
    }
  }
  return issues;
}
