import type { Decision } from './decision.ts';
import { frequencyCapDecision, type SentMessage } from './frequency-cap.ts';
import { MAX_SEARCH_DAYS, nextSendableInstant, unsendableReason } from './next-sendable.ts';
import type { DeliveryPolicy, FrequencyCap } from './schema.ts';

export interface DeliveryContext {
  readonly contactTimeZone?: string | null;
  readonly history?: readonly SentMessage[];
  readonly caps?: readonly FrequencyCap[];
}

/** Caps and windows can push each other around; this many rounds without settling means a bad config. */
const MAX_ROUNDS = 64;

/**
 * Combines window/day rules and frequency caps: send now, defer to the first instant that
 * satisfies all of them (with every reason that moved it), or skip when none exists.
 */
export function decideDelivery(now: Date, policy: DeliveryPolicy, context: DeliveryContext = {}): Decision {
  const reasons: string[] = [];
  const windowReason = unsendableReason(now, policy, context.contactTimeZone);
  if (windowReason) reasons.push(windowReason);
  let candidate = now;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const slot = nextSendableInstant(candidate, policy, context.contactTimeZone);
    if (slot === null) {
      return {
        kind: 'skip',
        reason: `no sendable instant within ${MAX_SEARCH_DAYS} days of ${candidate.toISOString()}`,
      };
    }
    const blocking = firstBlockingCap(slot, context);
    if (blocking === undefined) {
      if (slot.getTime() === now.getTime()) return { kind: 'send', at: slot };
      return { kind: 'defer', until: slot, reason: reasons.join('; ') };
    }
    if (blocking.kind === 'skip') return blocking;
    if (blocking.kind === 'defer') {
      if (!reasons.includes(blocking.reason)) reasons.push(blocking.reason);
      candidate = blocking.until;
    }
  }
  return { kind: 'skip', reason: `send window and frequency caps did not settle after ${MAX_ROUNDS} rounds` };
}

function firstBlockingCap(at: Date, context: DeliveryContext): Decision | undefined {
  for (const cap of context.caps ?? []) {
    const decision = frequencyCapDecision(context.history ?? [], cap, at);
    if (decision.kind !== 'send') return decision;
  }
  return undefined;
}
