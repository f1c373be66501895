import { describe, expect, it } from 'vitest';
import { OUTBOX_STATES, OUTBOX_TRANSITIONS, validateTransition } from '../../../../workflows/outbox/index.ts';

describe('outbox transition table', () => {
  it('accepts every edge listed in the table', () => {
    for (const from of OUTBOX_STATES) {
      for (const to of OUTBOX_TRANSITIONS[from]) {
        expect(validateTransition(from, to)).toEqual({ ok: true, value: { from, to } });
      }
    }
  });

  it('refuses illegal transitions with a reason', () => {
    const pendingToSent = validateTransition('pending', 'sent');
    expect(pendingToSent.ok).toBe(false);
    if (!pendingToSent.ok) expect(pendingToSent.error).toContain('pending → sent');
    const unknownToSending = validateTransition('unknown', 'sending');
    expect(unknownToSending.ok).toBe(false);
    if (!unknownToSending.ok) expect(unknownToSending.error).toContain('from unknown only sent, pending');
    expect(validateTransition('sent', 'sending').ok).toBe(false);
    expect(validateTransition('pending', 'dead_letter').ok).toBe(false);
  });

  it('keeps sent terminal and lets unknown leave only to sent or pending (outbox resolve)', () => {
    expect(OUTBOX_TRANSITIONS.sent).toEqual([]);
    expect(OUTBOX_TRANSITIONS.unknown).toEqual(['sent', 'pending']);
  });
});
