/** Google API error reasons the emulator returns, with the HTTP status and gRPC-style status of each. */
const REASONS = {
  notFound: { code: 404, status: 'NOT_FOUND' },
  duplicate: { code: 409, status: 'ALREADY_EXISTS' },
  invalidQuery: { code: 400, status: 'INVALID_ARGUMENT' },
  invalid: { code: 400, status: 'INVALID_ARGUMENT' },
  badRequest: { code: 400, status: 'INVALID_ARGUMENT' },
  required: { code: 400, status: 'INVALID_ARGUMENT' },
  responseTooLarge: { code: 403, status: 'PERMISSION_DENIED' },
  requestTooLarge: { code: 413, status: 'INVALID_ARGUMENT' },
  backendError: { code: 500, status: 'INTERNAL' },
} as const;

export type BigQueryErrorReason = keyof typeof REASONS;

/** An error the emulator answers with in BigQuery's JSON error shape. */
export class BigQueryApiError extends Error {
  readonly reason: BigQueryErrorReason;
  readonly location: string | undefined;

  constructor(reason: BigQueryErrorReason, message: string, location?: string) {
    super(message);
    this.reason = reason;
    this.location = location;
  }

  get code(): number {
    return REASONS[this.reason].code;
  }

  /** The error object as it appears in a DONE job's `status.errorResult`. */
  toErrorProto(): Record<string, string> {
    return {
      reason: this.reason,
      message: this.message,
      ...(this.location ? { location: this.location, locationType: 'other' } : {}),
    };
  }

  toBody(): Record<string, unknown> {
    const { code, status } = REASONS[this.reason];
    return {
      error: {
        code,
        message: this.message,
        errors: [{ ...this.toErrorProto(), domain: 'global' }],
        status,
      },
    };
  }
}

export const notFound = (what: string): BigQueryApiError =>
  new BigQueryApiError('notFound', `Not found: ${what}`);

/**
 * DuckDB errors carry their class as a prefix ("Catalog Error: ...", "Parser Error: ...").
 * BigQuery answers a missing table with 404 notFound and everything else in a bad query with
 * 400 invalidQuery, so the prefix decides which.
 */
export function fromEngineError(error: unknown, sql: string): BigQueryApiError {
  if (error instanceof BigQueryApiError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split('\n')[0] ?? text;
  const missing = /^Catalog Error: (Table|Schema|View) with name "?([^"\s]+)"? does not exist/.exec(
    firstLine,
  );
  if (missing)
    return new BigQueryApiError(
      'notFound',
      `Not found: ${missing[1]} ${missing[2]} (in query: ${clip(sql)})`,
    );
  if (/^Constraint Error/.test(firstLine)) return new BigQueryApiError('invalid', firstLine);
  return new BigQueryApiError('invalidQuery', `${firstLine} (in query: ${clip(sql)})`, 'query');
}

function clip(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}
