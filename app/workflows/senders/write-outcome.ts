import type { WriteResult } from '../../../core/connectors/destination.ts';
import type { DeliveryOutcome } from '../../../workflows/outbox/index.ts';

/** Maps a destination's per-record result onto the relay's outcome vocabulary. */
export function outcomeFromWriteResult(result: WriteResult | undefined): DeliveryOutcome {
  if (result === undefined)
    return { status: 'unknown', error: 'the destination returned no result for the record' };
  switch (result.status) {
    case 'ok':
      return { status: 'sent', ...(result.providerId ? { providerId: result.providerId } : {}) };
    case 'retry':
      return { status: 'retry', error: result.error, retryAfterMs: result.retryAfterMs };
    case 'failed':
      // Transient and throttling errors come back later; auth errors too, once the token is fixed
      // (they dead-letter after the attempt budget and `scorebridge retry` replays them).
      return result.kind === 'invalid' || result.kind === 'permanent'
        ? { status: 'permanent', error: `${result.kind}: ${result.error}` }
        : { status: 'retry', error: `${result.kind}: ${result.error}` };
  }
}
