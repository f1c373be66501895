import type { ConnectorError, WriteResult } from '../../core/connectors/destination.ts';
import { recordErrorKind } from './errors.ts';

/** How long to wait before retrying a write the org refused for now. */
const RETRY_TRANSIENT_MS = 30_000;
const RETRY_LOCKED_MS = 5_000;

export interface RecordError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields?: readonly string[];
}

/** The result of an intent whose whole call failed after our retries. */
export function resultForCallError(idempotencyKey: string, error: ConnectorError): WriteResult {
  if (error.kind === 'rate_limited' || error.kind === 'transient') {
    return {
      idempotencyKey,
      status: 'retry',
      retryAfterMs: error.retryAfterMs ?? RETRY_TRANSIENT_MS,
      error: error.message,
    };
  }
  return { idempotencyKey, status: 'failed', kind: error.kind, error: error.message };
}

/** The result of an intent whose record came back with errors in a SaveResult or bulk failure row. */
export function resultForRecordErrors(
  idempotencyKey: string,
  objectType: string,
  recordId: string,
  errors: readonly RecordError[],
): WriteResult {
  const first = errors[0] ?? { statusCode: 'UNKNOWN_EXCEPTION', message: 'no error detail returned' };
  const detail = errors
    .map(
      (error) =>
        `${error.statusCode}: ${error.message}${error.fields?.length ? ` (${error.fields.join(', ')})` : ''}`,
    )
    .join('; ');
  const kind = recordErrorKind(first.statusCode);
  if (kind === 'transient') {
    return {
      idempotencyKey,
      status: 'retry',
      retryAfterMs: RETRY_LOCKED_MS,
      error: `${objectType} ${recordId}: ${detail}`,
    };
  }
  return { idempotencyKey, status: 'failed', kind, error: `${objectType} ${recordId}: ${detail}` };
}

/** Parses a Bulk API failure cell ("CODE:message:Field1,Field2 --") into record errors. */
export function parseBulkError(cell: string): RecordError[] {
  return cell
    .split(/ --\s*/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const first = part.indexOf(':');
      const last = part.lastIndexOf(':');
      if (first < 0) return { statusCode: 'UNKNOWN_EXCEPTION', message: part };
      const statusCode = part.slice(0, first);
      const message = last > first ? part.slice(first + 1, last) : part.slice(first + 1);
      const fields =
        last > first
          ? part
              .slice(last + 1)
              .split(',')
              .filter(Boolean)
          : [];
      return { statusCode, message, fields };
    });
}
