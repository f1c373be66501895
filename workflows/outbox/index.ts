export { type AuditEntry, appendAudit, outboxSubject, readAudit } from './audit.ts';
export { outcomeFromSendResult } from './email-outcome.ts';
export { type EnqueueResult, enqueue } from './enqueue.ts';
export { outboxMigrations } from './migrations.ts';
export { REPLAY_SAFE_AFTER_CRASH } from './recovery-policy.ts';
export {
  OutboxRelay,
  type OutboxRelayOptions,
  type OutboxReport,
  type RecoverySummary,
  type RetrySummary,
  type RunSummary,
} from './relay.ts';
export {
  RESOLUTIONS,
  type Resolution,
  type ResolvedRow,
  type ResolveOptions,
  type ResolveSummary,
  resolveUnknown,
} from './resolve.ts';
export { loadRow } from './rows.ts';
export {
  OUTBOX_STATES,
  OUTBOX_TRANSITIONS,
  type OutboxState,
  type Result,
  type Transition,
  validateTransition,
} from './states.ts';
export {
  type DeliveryOutcome,
  OUTBOX_KINDS,
  type OutboxBatchTransport,
  type OutboxBatchTransports,
  type OutboxIntent,
  type OutboxKind,
  type OutboxRow,
  type OutboxSender,
  type OutboxTransports,
} from './types.ts';
