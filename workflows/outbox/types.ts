import type { OutboxState } from './states.ts';

export const OUTBOX_KINDS = ['email', 'crm_write', 'task', 'webhook'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/** A side effect a workflow step wants performed, written down before anything is attempted. */
export interface OutboxIntent {
  /** Deterministic key of this effect (e.g. workflow, version, enrollment, step); unique in the outbox. */
  readonly idempotencyKey: string;
  readonly kind: OutboxKind;
  readonly payload: unknown;
}

export interface OutboxRow {
  readonly id: number;
  readonly idempotencyKey: string;
  readonly kind: OutboxKind;
  readonly payload: unknown;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly sentAt: string | null;
  readonly providerId: string | null;
}

/** What a sender reports; the relay, not the sender, decides what happens to the row. */
export type DeliveryOutcome =
  | { readonly status: 'sent'; readonly providerId?: string }
  | { readonly status: 'retry'; readonly error: string; readonly retryAfterMs?: number }
  | { readonly status: 'permanent'; readonly error: string }
  /** The effect may or may not have happened (connection lost mid-transaction). */
  | { readonly status: 'unknown'; readonly error: string };

export type OutboxSender = (row: OutboxRow) => Promise<DeliveryOutcome>;

export type OutboxTransports = Partial<Record<OutboxKind, OutboxSender>>;
