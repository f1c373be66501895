export type { AdvanceResult, TickSession } from './advance.ts';
export { DEFAULT_BATCH_SIZE } from './batch.ts';
export {
  type EntityContext,
  type EntityContextInput,
  type EntityEvent,
  type EntityRef,
  entityContextSchema,
  entityKey,
  parseEntityContext,
} from './context.ts';
export {
  assignedCsm,
  type Csm,
  CsmAssigner,
  type CsmAssignment,
  chooseCsm,
  csmSchema,
  parseCsms,
} from './csm.ts';
export { admitEntry, decideEntry, type EnrollmentHistory, type EntryDecision } from './entry.ts';
export { firstExitReason } from './exits.ts';
export { engineMigrations } from './migrations.ts';
export { renderNotifyText } from './notify-text.ts';
export { type Occurrence, occurrenceSchema, parseOccurrences } from './occurrences.ts';
export { checkPartition, entityHash, inPartition, partitionLabel, type TickPartition } from './partition.ts';
export { type PlanEntry, type PlannedStep, type PlanOptions, plan } from './plan.ts';
export {
  activeEnrollment,
  dueEnrollments,
  EnrollmentMovedError,
  type EnrollmentRow,
  enrollmentHistory,
} from './repository.ts';
export {
  canTransition,
  ENROLLMENT_STATES,
  ENROLLMENT_TRANSITIONS,
  type EnrollmentState,
  STEP_OUTCOMES,
  type StepOutcome,
} from './states.ts';
export {
  type EnrollmentRef,
  planStep,
  type StepEffect,
  type StepEnvironment,
  type StepPlan,
  stepIdempotencyKey,
} from './step-action.ts';
export { applyEffect, type EffectResult, type EffectSession, NO_CSMS_REASON } from './step-effects.ts';
export { DEFAULT_TICK_LIMIT, type StepReport, type TickOptions, type TickReport, tick } from './tick.ts';
export { currentTier, type TriggerMatch, tierModel, triggerMatches } from './trigger-match.ts';
export {
  HELD_PREFIX,
  HOLD_RECHECK_MS,
  holdReason,
  releaseHeldEnrollments,
  type UnknownOutcome,
  unknownOutcomesByEnrollment,
} from './unknown-hold.ts';
