import type { Decision } from './decision.ts';
import type { FrequencyCap } from './schema.ts';

const UNIT_MS = { hours: 3_600_000, days: 86_400_000 } as const;

/** One message already sent to the contact, from any sequence or workflow. */
export interface SentMessage {
  readonly sentAt: Date;
  readonly category: string;
  readonly sequenceId?: string;
}

export function capWindowMs(cap: FrequencyCap): number {
  return cap.within.amount * UNIT_MS[cap.within.unit];
}

function describe(cap: FrequencyCap): string {
  return `at most ${cap.max} "${cap.category}" message(s) per ${cap.within.amount} ${cap.within.unit}`;
}

/**
 * Rolling-window cap across sequences: a send at `s` counts while s > now - window and s <= now.
 * When the cap is reached the answer is the instant the oldest counted send ages out.
 */
export function frequencyCapDecision(
  history: readonly SentMessage[],
  cap: FrequencyCap,
  now: Date,
): Decision {
  if (cap.max === 0)
    return { kind: 'skip', reason: `frequency cap allows no "${cap.category}" messages (max 0)` };
  const windowMs = capWindowMs(cap);
  const nowMs = now.getTime();
  const inWindow = history.filter((message) => {
    const sentMs = message.sentAt.getTime();
    return message.category === cap.category && sentMs > nowMs - windowMs && sentMs <= nowMs;
  });
  const counted = inWindow.map((message) => message.sentAt.getTime()).sort((a, b) => a - b);
  if (counted.length < cap.max) return { kind: 'send', at: now };
  // Sending needs the count down to max - 1, so the (count - max)th oldest send must age out.
  const agingOut = counted[counted.length - cap.max] ?? nowMs;
  const until = new Date(agingOut + windowMs);
  const sequences = new Set(inWindow.flatMap((message) => (message.sequenceId ? [message.sequenceId] : [])));
  const across = sequences.size > 1 ? ` across ${sequences.size} sequences` : '';
  return {
    kind: 'defer',
    until,
    reason: `frequency cap reached: ${counted.length} sent in the last ${cap.within.amount} ${cap.within.unit}${across} (${describe(cap)}); next allowed ${until.toISOString()}`,
  };
}
