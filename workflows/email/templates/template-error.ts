/** A template problem, located as `file:line` so it can be fixed without a debugger. */
export class TemplateError extends Error {
  readonly file: string;
  readonly line: number | null;

  constructor(file: string, line: number | null, detail: string) {
    super(`${line === null ? file : `${file}:${line}`}: ${detail}`);
    this.name = 'TemplateError';
    this.file = file;
    this.line = line;
  }
}

interface AstPath {
  type: 'PathExpression';
  original: string;
  parts: string[];
  loc?: { start: { line: number } };
}

function isPathExpression(node: unknown): node is AstPath {
  return typeof node === 'object' && node !== null && (node as { type?: unknown }).type === 'PathExpression';
}

function collectPaths(node: unknown, found: AstPath[]): void {
  if (Array.isArray(node)) {
    for (const child of node) collectPaths(child, found);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  if (isPathExpression(node)) found.push(node);
  for (const [key, child] of Object.entries(node)) {
    if (key !== 'loc') collectPaths(child, found);
  }
}

/**
 * Handlebars' strict error names only the last missing segment ("hours_saved"); the template
 * author wrote "customer.hours_saved", so find that path on the reported line.
 */
export function fullPathOnLine(ast: unknown, line: number | null, missingSegment: string): string {
  const paths: AstPath[] = [];
  collectPaths(ast, paths);
  const match = paths.find(
    (candidate) =>
      (line === null || candidate.loc?.start.line === line) && candidate.parts.includes(missingSegment),
  );
  if (!match) return missingSegment;
  const cut = match.parts.indexOf(missingSegment) + 1;
  const prefix = match.original.startsWith('this.') ? 'this.' : match.original.startsWith('@') ? '@' : '';
  return prefix + match.parts.slice(0, cut).join('.');
}

interface HandlebarsFailure {
  message?: unknown;
  lineNumber?: unknown;
}

/** Turns a Handlebars parse, compile or strict-lookup failure into a located TemplateError. */
export function toTemplateError(
  error: unknown,
  file: string,
  ast: unknown,
  dataLabel: string,
): TemplateError {
  const failure: HandlebarsFailure =
    typeof error === 'object' && error !== null ? (error as HandlebarsFailure) : {};
  const rawMessage = typeof failure.message === 'string' ? failure.message : String(error);
  let line = typeof failure.lineNumber === 'number' ? failure.lineNumber : null;
  const parseLine = /on line (\d+)/.exec(rawMessage);
  if (line === null && parseLine) line = Number(parseLine[1]);
  const missing = /^"([^"]+)" not defined in /.exec(rawMessage);
  if (missing) {
    const fullPath = fullPathOnLine(ast, line, missing[1]!);
    return new TemplateError(file, line, `"${fullPath}" not defined in ${dataLabel}`);
  }
  if (parseLine) return new TemplateError(file, line, describeParseError(rawMessage));
  return new TemplateError(file, line, rawMessage.split('\n')[0]!.replace(/ - \d+:\d+$/, ''));
}

/** The parser's first lines are a mangled excerpt; its last line says what it expected. */
function describeParseError(rawMessage: string): string {
  const expectation = rawMessage.split('\n').at(-1) ?? rawMessage;
  const hint = expectation.endsWith("got 'EOF'") ? ' (a {{#block}} is never closed with {{/block}}?)' : '';
  return `syntax error: ${expectation}${hint}`;
}
