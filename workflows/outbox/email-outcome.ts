import type { SendResult } from '../email/index.ts';
import type { DeliveryOutcome } from './types.ts';

/** Maps the email transport's classification onto the relay's outcome vocabulary. */
export function outcomeFromSendResult(result: SendResult): DeliveryOutcome {
  if (result.status === 'sent') return { status: 'sent', providerId: result.messageId };
  const error = `${result.code ?? 'no code'} ${result.response}`.trim();
  if (result.kind === 'temporary') return { status: 'retry', error };
  if (result.kind === 'unknown') return { status: 'unknown', error };
  return { status: 'permanent', error };
}
