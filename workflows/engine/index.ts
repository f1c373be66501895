export {
  type EntityContext,
  type EntityContextInput,
  type EntityRef,
  entityContextSchema,
  entityKey,
  parseEntityContext,
} from './context.ts';
export { decideEntry, type EnrollmentHistory, type EntryDecision } from './entry.ts';
export { firstExitReason } from './exits.ts';
export { engineMigrations } from './migrations.ts';
export { type PlanEntry, type PlannedStep, type PlanOptions, plan } from './plan.ts';
export { activeEnrollment, dueEnrollments, type EnrollmentRow, enrollmentHistory } from './repository.ts';
export {
  canTransition,
  ENROLLMENT_STATES,
  ENROLLMENT_TRANSITIONS,
  type EnrollmentState,
  STEP_OUTCOMES,
  type StepOutcome,
} from './states.ts';
export { type EnrollmentRef, planStep, type StepPlan, stepIdempotencyKey } from './step-action.ts';
export { DEFAULT_TICK_LIMIT, type StepReport, type TickOptions, type TickReport, tick } from './tick.ts';
