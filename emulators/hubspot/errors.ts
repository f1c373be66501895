import { randomUUID } from 'node:crypto';

/**
 * An error response in HubSpot's documented shape
 * ({status:"error", message, correlationId, category, subCategory?, context?, errors?}),
 * thrown anywhere in a handler and turned into the HTTP answer by the server.
 */
export class ApiError extends Error {
  readonly httpStatus: number;
  readonly category: string;
  readonly extra: Record<string, unknown>;
  constructor(httpStatus: number, category: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.httpStatus = httpStatus;
    this.category = category;
    this.extra = extra;
  }

  body(): Record<string, unknown> {
    return {
      status: 'error',
      message: this.message,
      correlationId: randomUUID(),
      category: this.category,
      ...this.extra,
    };
  }
}

export const validationError = (message: string, extra: Record<string, unknown> = {}): ApiError =>
  new ApiError(400, 'VALIDATION_ERROR', message, extra);

export const notFound = (message: string, extra: Record<string, unknown> = {}): ApiError =>
  new ApiError(404, 'OBJECT_NOT_FOUND', message, extra);

/** One failed input of a batch call (StandardError), reported inside a 207 multi-status answer. */
export interface StandardError {
  readonly status: 'error';
  readonly category: string;
  readonly message: string;
  readonly context: Record<string, string[]>;
  readonly errors: unknown[];
  readonly links: Record<string, string>;
  readonly subCategory?: string;
}

export function standardError(
  category: string,
  message: string,
  context: Record<string, string[]>,
): StandardError {
  return { status: 'error', category, message, context, errors: [], links: {} };
}

/** Body of a 401: the token is unknown, malformed or missing. */
export function invalidAuthBody(): Record<string, unknown> {
  return {
    status: 'error',
    message:
      'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
    correlationId: randomUUID(),
    category: 'INVALID_AUTHENTICATION',
  };
}

/** Body of a 401 for a token that was valid once. */
export function expiredAuthBody(expiredAgoMs: number): Record<string, unknown> {
  const seconds = Math.max(1, Math.round(expiredAgoMs / 1000));
  return {
    status: 'error',
    message: `The OAuth token used to make this call expired ${seconds} second(s) ago.`,
    correlationId: randomUUID(),
    category: 'EXPIRED_AUTHENTICATION',
  };
}
