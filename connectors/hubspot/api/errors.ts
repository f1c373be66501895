import { ConnectorError } from '../../../core/connectors/destination.ts';
import { parseRetryAfter } from '../../../core/limits/backoff.ts';

/**
 * The account's daily quota is spent (or down to its reserve). Retrying in this job cannot help,
 * so it is not retryable even though it is a rate limit; `retryAfterMs` says when the quota resets.
 */
export class DailyQuotaError extends ConnectorError {
  override get retryable(): boolean {
    return false;
  }
}

/** A request that got no answer in time (HubSpot or the network hung). */
export class RequestTimeoutError extends Error {
  constructor(label: string, ms: number) {
    super(`HubSpot did not answer ${label} within ${ms} ms`);
    this.name = 'RequestTimeoutError';
  }
}

interface ApiExceptionLike {
  readonly code: number;
  readonly body?: unknown;
  readonly headers?: unknown;
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'number' &&
    'body' in error
  );
}

export function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? String(value[0]) : String(value);
  }
  return undefined;
}

export interface ErrorContext {
  /** What was being done, e.g. "POST /crm/v3/objects/contacts/search". */
  readonly label: string;
  readonly now: Date;
  /** Milliseconds until the daily quota resets, for DAILY 429s. */
  readonly msUntilDailyReset: () => number;
  /** What to do about refused credentials (names the env var holding them, never the value). */
  readonly authHint: string;
}

/**
 * Classifies a failed SDK call: 401 auth (stop), 429 rate limits (Retry-After honoured; DAILY stops
 * the job), 5xx/423/timeouts/network transient, 404/403 permanent, other 4xx invalid. Anything
 * that is not an HTTP or network failure is a bug and is returned unchanged, never retried.
 */
export function toConnectorError(error: unknown, context: ErrorContext): Error {
  if (error instanceof ConnectorError) return error;
  if (error instanceof RequestTimeoutError)
    return new ConnectorError(error.message, { kind: 'transient', cause: error });
  if (!isApiException(error)) {
    if (error instanceof SyntaxError) {
      return new ConnectorError(`unreadable answer from HubSpot on ${context.label}: ${error.message}`, {
        kind: 'transient',
        cause: error,
      });
    }
    if (isNetworkError(error)) {
      return new ConnectorError(`network error on ${context.label}: ${describeCause(error)}`, {
        kind: 'transient',
        cause: error,
      });
    }
    return error instanceof Error ? error : new Error(String(error));
  }
  const status = error.code;
  const body = (error.body ?? {}) as Record<string, unknown>;
  const message = typeof body.message === 'string' ? body.message : `HTTP ${status}`;
  const where = `HubSpot ${status} on ${context.label}`;
  if (status === 401) {
    return new ConnectorError(
      `${where}: ${message} (${String(body.category ?? 'INVALID_AUTHENTICATION')}). ${context.authHint}`,
      { kind: 'auth', status, cause: error },
    );
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(header(error.headers, 'retry-after'), context.now);
    if (body.policyName === 'DAILY') {
      return new DailyQuotaError(
        `${where}: ${message} The daily API quota resets at midnight in the account's time zone.`,
        {
          kind: 'rate_limited',
          status,
          retryAfterMs: retryAfterMs ?? context.msUntilDailyReset(),
          cause: error,
        },
      );
    }
    const secondly = body.policyName === 'SECONDLY' || message === 'You have reached your secondly limit.';
    const wait = retryAfterMs ?? (secondly ? 1000 : undefined);
    return new ConnectorError(`${where}: ${message}`, {
      kind: 'rate_limited',
      status,
      cause: error,
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    });
  }
  if (status >= 500 || status === 423)
    return new ConnectorError(`${where}: ${message}`, { kind: 'transient', status, cause: error });
  if (status === 403) {
    const scopes = (body.context as { missingScopes?: unknown } | undefined)?.missingScopes;
    const hint = Array.isArray(scopes) ? ` Grant the private app these scopes: ${scopes.join(', ')}.` : '';
    return new ConnectorError(`${where}: ${message}.${hint}`, { kind: 'permanent', status, cause: error });
  }
  if (status === 404)
    return new ConnectorError(`${where}: ${message}`, { kind: 'permanent', status, cause: error });
  return new ConnectorError(`${where}: ${message}${detail(body)}`, { kind: 'invalid', status, cause: error });
}

function detail(body: Record<string, unknown>): string {
  const errors = Array.isArray(body.errors) ? body.errors : [];
  const messages = errors
    .map((entry) => (entry as { message?: unknown }).message)
    .filter((m): m is string => typeof m === 'string');
  return messages.length > 0 ? ` (${messages.join('; ')})` : '';
}

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TypeError' && /fetch failed|terminated/i.test(error.message)) return true;
  const code = (error as NodeJS.ErrnoException).code ?? ((error.cause ?? {}) as NodeJS.ErrnoException).code;
  return typeof code === 'string' && /^(ECONN|EPIPE|ETIMEDOUT|EAI_AGAIN|UND_ERR)/.test(code);
}

function describeCause(error: unknown): string {
  const cause = (error as Error).cause as Error | undefined;
  return cause?.message ? `${(error as Error).message} (${cause.message})` : (error as Error).message;
}

/** Milliseconds from `now` until the next midnight in `timeZone`. */
export function msUntilMidnight(now: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  const elapsed =
    (Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second)) * 1000 +
    now.getMilliseconds();
  return Math.max(1000, 86_400_000 - elapsed);
}
