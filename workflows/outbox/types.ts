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
  /** The relay holding a `sending` row (`host:pid:relay`), null otherwise. */
  readonly claimedBy?: string | null;
  /** Until when that claim holds; after it another relay may take the row over. */
  readonly leaseUntil?: string | null;
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

/**
 * Performs many rows of one kind in one go (a CRM batch API): one outcome per row, in the rows'
 * order. The relay hands it only rows it may perform again after a crash (see OutboxRelayOptions
 * `replaySafe`), because a batch puts all its rows in flight at once.
 */
export interface OutboxBatchTransport {
  readonly send: (rows: readonly OutboxRow[]) => Promise<DeliveryOutcome[]>;
  /** Most rows claimed for one call of `send`. */
  readonly maxRows: number;
}

export type OutboxBatchTransports = Partial<Record<OutboxKind, OutboxBatchTransport>>;
