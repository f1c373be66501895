import { ConnectorError, type ConnectorErrorKind } from '../../core/connectors/destination.ts';

const HOUR_MS = 3_600_000;

/**
 * The org's daily API allowance is spent (403 REQUEST_LIMIT_EXCEEDED "TotalRequests"), or our
 * reserve for other integrations is reached. Retrying within this job only burns what is left,
 * so it is not retryable here; write-back reports it as "retry in an hour".
 */
export class DailyLimitError extends ConnectorError {
  constructor(message: string, cause?: unknown) {
    super(message, { kind: 'rate_limited', retryAfterMs: HOUR_MS, status: 403, ...(cause ? { cause } : {}) });
    this.name = 'DailyLimitError';
  }

  override get retryable(): boolean {
    return false;
  }
}

/** The Salesforce errorCode carried by a jsforce error (HttpApiError), if any. */
export function salesforceErrorCode(error: unknown): string | undefined {
  if (error instanceof ConnectorError) return salesforceErrorCode(error.cause);
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === 'string' ? code : undefined;
}

const TRANSIENT = new Set([
  'SERVER_UNAVAILABLE',
  'UNKNOWN_EXCEPTION',
  'REQUEST_RUNNING_TOO_LONG',
  'QUERY_TIMEOUT',
  'UNABLE_TO_LOCK_ROW',
]);
const AUTH = new Set([
  'INVALID_SESSION_ID',
  'INVALID_AUTH_HEADER',
  'invalid_grant',
  'invalid_client',
  'invalid_client_id',
]);
const PERMANENT = new Set([
  'NOT_FOUND',
  'ENTITY_IS_DELETED',
  'INVALID_CROSS_REFERENCE_KEY',
  'API_DISABLED_FOR_ORG',
  'API_CURRENTLY_DISABLED',
  'DUPLICATE_DEVELOPER_NAME',
  'CANNOT_UPDATE_CONVERTED_LEAD',
]);

/** Kind of a per-record status code from a SaveResult or a bulk failure. */
export function recordErrorKind(statusCode: string): ConnectorErrorKind {
  if (TRANSIENT.has(statusCode)) return 'transient';
  if (PERMANENT.has(statusCode) || statusCode.startsWith('INSUFFICIENT_ACCESS')) return 'permanent';
  return 'invalid';
}

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return true;
  if (error instanceof TypeError && /fetch failed|terminated|socket/i.test(error.message)) return true;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^(ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|UND_ERR)/.test(code);
}

/**
 * Turns whatever jsforce threw into a ConnectorError whose kind decides retrying, with a message
 * that says what failed and what to do about it.
 */
export function classifySalesforceError(error: unknown, operation: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const code = salesforceErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const where = `Salesforce ${operation}`;
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    if (/Concurrent/i.test(message)) {
      return new ConnectorError(
        `${where}: too many concurrent requests (${message}); lower limits.concurrency`,
        {
          kind: 'rate_limited',
          status: 403,
          cause: error,
        },
      );
    }
    return new DailyLimitError(
      `${where}: the org's daily API request limit is exhausted (REQUEST_LIMIT_EXCEEDED: ${message}). ` +
        'The sync stopped at its last checkpoint and resumes from there once the rolling 24-hour window frees requests.',
      error,
    );
  }
  if ((code && AUTH.has(code)) || /Unable to refresh session/i.test(message)) {
    return new ConnectorError(
      `${where}: Salesforce rejected the session and it could not be renewed (${code ?? 'auth'}: ${message}). ` +
        'Check auth.clientId/clientSecret and issue a new refresh token for the integration user.',
      { kind: 'auth', status: 401, cause: error },
    );
  }
  if ((code && (TRANSIENT.has(code) || /^ERROR_HTTP_(5\d\d|420)$/.test(code))) || isNetworkError(error)) {
    // fetch says only "fetch failed"; the socket error behind it (ECONNRESET, other side closed) is the news.
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const detail =
      cause && typeof cause.message === 'string' ? ` (${String(cause.code ?? '')} ${cause.message})` : '';
    return new ConnectorError(
      `${where}: temporary failure (${code ?? (error as Error).name}: ${message}${detail})`,
      {
        kind: 'transient',
        cause: error,
      },
    );
  }
  if (code && (PERMANENT.has(code) || code.startsWith('INSUFFICIENT_ACCESS'))) {
    return new ConnectorError(`${where}: ${code}: ${message}`, { kind: 'permanent', cause: error });
  }
  return new ConnectorError(`${where}: ${code ? `${code}: ` : ''}${message}`, {
    kind: code ? 'invalid' : 'permanent',
    cause: error,
  });
}
