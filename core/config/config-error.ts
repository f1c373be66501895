import { scrubSecrets } from '../secret.ts';

/** One problem in a config file, located precisely enough to jump to it in an editor. */
export interface ConfigIssue {
  /** The file as the user named it (relative to the working directory when possible). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** YAML path like `workflows[0].actions[1].to`; empty for problems with the file as a whole. */
  readonly path: string;
  readonly message: string;
  /** What to do about it, e.g. "did you mean 'salesforce'?". */
  readonly hint?: string;
}

/**
 * One line per issue, in the shape editors and terminals turn into links:
 * `unknown connector 'salesfroce' at workflows[0].actions[1].to (config/scorebridge.yaml:42:13); did you mean 'salesforce'?`
 */
export function formatIssue(issue: ConfigIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  const at = issue.path === '' ? '' : ` at ${issue.path}`;
  const hint = issue.hint ? `; ${issue.hint}` : '';
  // A provider or YAML message can quote the offending text; a known secret must not ride along.
  return scrubSecrets(`${issue.message}${at} (${where})${hint}`);
}

function compareIssues(a: ConfigIssue, b: ConfigIssue): number {
  return (
    a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.path.localeCompare(b.path)
  );
}

/** Sorted by position, without exact repeats (zod can report one problem through two branches). */
export function orderIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  const unique: ConfigIssue[] = [];
  for (const issue of issues) {
    const key = formatIssue(issue);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(issue);
  }
  return unique.sort(compareIssues);
}

/** A config that cannot be used. Carries every issue found, not just the first, so one edit pass fixes all. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: ConfigIssue | readonly ConfigIssue[]) {
    const list = orderIssues(Array.isArray(issues) ? issues : [issues as ConfigIssue]);
    super(list.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = list;
  }

  /** Human-readable report, one located issue per line. */
  format(): string {
    return this.issues.map(formatIssue).join('\n');
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}
