import type { z } from 'zod';

/** An error whose status, code and message are safe to show the client as they are. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { field?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = options.field;
    this.headers = options.headers ?? {};
  }
}

/** The body of every error response: never a stack trace, never a secret. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly field?: string;
}

function pathText(path: readonly PropertyKey[]): string {
  return path.length === 0
    ? '(body)'
    : path
        .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
        .join('.')
        .replaceAll('.[', '[');
}

/** Parses `input` with `schema`, or throws a 400 naming the first bad field (e.g. "entity.type"). */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? pathText(issue.path) : '(body)';
  const others = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  throw new HttpError(400, 'invalid_request', `${where}: ${field}: ${issue?.message ?? 'invalid'}${others}`, {
    field,
  });
}
