import type { OutboxKind } from './types.ts';

/**
 * What a row found in `sending` at start-up becomes. The process died between claiming the row
 * and recording the outcome, so the effect may or may not have happened.
 * - crm_write: an upsert keyed by the idempotency key (external id / idProperty) sets the same
 *   values again, so replaying it is harmless → back to `pending`.
 * - email: SMTP cannot be made exactly-once; a duplicate marketing email costs more trust than a
 *   missing one → `unknown`, reported for a human, never resent automatically.
 * - task: creating a CRM task is not idempotent (a replay makes a second task) → `unknown`.
 * - webhook: we cannot know whether the receiver deduplicates → `unknown`.
 */
export const REPLAY_SAFE_AFTER_CRASH: Readonly<Record<OutboxKind, boolean>> = {
  email: false,
  crm_write: true,
  task: false,
  webhook: false,
};
