import { ConnectorError, type WriteResult } from '../../../core/connectors/destination.ts';
import type { BatchError } from '../api/types.ts';

/** What happened to one record of a batch write. */
export type RecordOutcome =
  | { readonly status: 'ok'; readonly providerId?: string }
  | { readonly status: 'retry'; readonly retryAfterMs: number; readonly error: string }
  | { readonly status: 'failed'; readonly kind: 'invalid' | 'permanent' | 'auth'; readonly error: string };

const RETRY_LATER_MS = 60_000;

/**
 * A per-record error of a 207 answer: a record that does not exist (deleted or merged away) is
 * permanent, a bad value is invalid; throttling, locks and server trouble are retried later.
 */
export function outcomeOfBatchError(error: BatchError): RecordOutcome {
  const detail = `${error.category}: ${error.message}`;
  if (error.category === 'OBJECT_NOT_FOUND') return { status: 'failed', kind: 'permanent', error: detail };
  if (
    error.category === 'VALIDATION_ERROR' ||
    error.category === 'CONFLICT' ||
    error.category.startsWith('INVALID')
  ) {
    return { status: 'failed', kind: 'invalid', error: detail };
  }
  if (error.category === 'RATE_LIMITS' || error.category === 'RATE_LIMIT')
    return { status: 'retry', retryAfterMs: 10_000, error: detail };
  return { status: 'retry', retryAfterMs: 5_000, error: detail };
}

/** The whole call failed after the client's own retries: every record of it shares the outcome. */
export function outcomeOfCallError(error: unknown): RecordOutcome {
  if (!(error instanceof ConnectorError)) throw error;
  switch (error.kind) {
    case 'rate_limited':
    case 'transient':
      return { status: 'retry', retryAfterMs: error.retryAfterMs ?? RETRY_LATER_MS, error: error.message };
    case 'auth':
      return { status: 'failed', kind: 'auth', error: error.message };
    case 'permanent':
      return { status: 'failed', kind: 'permanent', error: error.message };
    case 'invalid':
      return { status: 'failed', kind: 'invalid', error: error.message };
  }
}

/** Ids a whole-call 400 names (HubSpot's `context.ids`), so the rest of the batch can be resent. */
export function idsNamedBy(error: unknown): string[] {
  if (!(error instanceof ConnectorError) || error.status !== 400) return [];
  const body = (error.cause as { body?: { context?: { ids?: unknown } } } | undefined)?.body;
  const ids = body?.context?.ids;
  return Array.isArray(ids) ? ids.map(String) : [];
}

export function toWriteResult(idempotencyKey: string, outcome: RecordOutcome, skipped = false): WriteResult {
  switch (outcome.status) {
    case 'ok':
      return {
        idempotencyKey,
        status: 'ok',
        ...(outcome.providerId ? { providerId: outcome.providerId } : {}),
        ...(skipped ? { skipped: 'unchanged' as const } : {}),
      };
    case 'retry':
      return { idempotencyKey, status: 'retry', retryAfterMs: outcome.retryAfterMs, error: outcome.error };
    case 'failed':
      return { idempotencyKey, status: 'failed', kind: outcome.kind, error: outcome.error };
  }
}
