/**
 * The outbox row life cycle as data (Nango `validTaskStateTransitions`, Grouparoo `ExportStates`):
 * code asks the table, never hard-wires an edge, so an illegal move is refused in one place.
 */
export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'unknown', 'dead_letter'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * `sending → pending` exists for temporary failures and for crash recovery of replay-safe kinds.
 * `failed`/`dead_letter → pending` exist only for an operator's explicit retry.
 * `sent` is terminal. `unknown` leaves only by an operator's `outbox resolve` (resolve.ts): to `sent`
 * when the mail log or CRM shows the effect happened, to `pending` to resend it under the same key
 * (and so the same Message-ID). An unknown email may already sit in someone's inbox, so nothing in
 * the relay or the engine moves it on its own.
 */
export const OUTBOX_TRANSITIONS: Readonly<Record<OutboxState, readonly OutboxState[]>> = {
  pending: ['sending'],
  sending: ['sent', 'pending', 'failed', 'unknown', 'dead_letter'],
  sent: [],
  failed: ['pending'],
  unknown: ['sent', 'pending'],
  dead_letter: ['pending'],
};

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export interface Transition {
  readonly from: OutboxState;
  readonly to: OutboxState;
}

export function validateTransition(from: OutboxState, to: OutboxState): Result<Transition, string> {
  if (OUTBOX_TRANSITIONS[from].includes(to)) return { ok: true, value: { from, to } };
  const allowed = OUTBOX_TRANSITIONS[from];
  const hint = allowed.length === 0 ? `${from} is terminal` : `from ${from} only ${allowed.join(', ')}`;
  return { ok: false, error: `illegal outbox transition ${from} → ${to} (${hint})` };
}
