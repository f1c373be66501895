import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import type { WorkflowDefinition } from '../definitions/index.ts';
import { advance, type StepReport, type TickSession } from './advance.ts';
import { DEFAULT_BATCH_SIZE, inBatches, inSavepoint } from './batch.ts';
import {
  type EntityContext,
  type EntityContextInput,
  type EntityRef,
  entityKey,
  parseEntityContext,
} from './context.ts';
import { type Csm, CsmAssigner, parseCsms } from './csm.ts';
import { type EnrollReport, enrollCandidate } from './enroll-phase.ts';
import { type Occurrence, parseOccurrences, withWebhookEntities } from './occurrences.ts';
import { checkPartition, inPartition, type TickPartition } from './partition.ts';
import { dueEnrollments, EnrollmentMovedError, type EnrollmentRow } from './repository.ts';
import { unknownOutcomesByEnrollment } from './unknown-hold.ts';

export type { StepReport } from './advance.ts';

export const DEFAULT_TICK_LIMIT = 500;

export interface TickOptions {
  readonly now: Date;
  readonly workflows: readonly WorkflowDefinition[];
  /**
   * Entities to evaluate for entry: those whose scores or events changed since the last tick, and
   * every entity when a schedule or after_sync occurrence is passed (the audience then decides).
   */
  readonly candidates: readonly EntityRef[];
  /** Current facts about an entity; undefined when it no longer exists (its enrollments wait). */
  readonly contextFor: (entity: EntityRef) => EntityContextInput | undefined;
  /** Most due enrollments advanced in one tick. */
  readonly limit?: number;
  /** Schedules fired, syncs run and webhooks received since the last tick; webhook entities become candidates. */
  readonly occurrences?: readonly Occurrence[];
  /** Customer success managers assign_owner steps choose from (main config email.csms). */
  readonly csms?: readonly Csm[];
  /** Enrollments per transaction (each enrollment stays all-or-nothing in its own savepoint). */
  readonly batchSize?: number;
  /** Only candidates and enrollments of this partition's entities (partition.ts). */
  readonly partition?: TickPartition;
}

export interface TickReport extends EnrollReport {
  readonly steps: StepReport[];
  readonly exited: Array<{ workflow: string; entity: EntityRef; enrollmentId: number; reason: string }>;
  readonly completed: number[];
  /** Due enrollments left alone: workflow gone or disabled, no context, or moved by another ticker. */
  readonly waiting: Array<{ enrollmentId: number; reason: string }>;
}

function contextCache(contextFor: TickOptions['contextFor']) {
  const cache = new Map<string, EntityContext | undefined>();
  return (entity: EntityRef): EntityContext | undefined => {
    const key = entityKey(entity);
    if (!cache.has(key)) {
      const raw = contextFor(entity);
      cache.set(key, raw === undefined ? undefined : parseEntityContext(raw, key));
    }
    return cache.get(key);
  };
}

function advanceOne(
  session: TickSession,
  row: EnrollmentRow,
  context: ReturnType<typeof contextCache>,
  report: TickReport,
): void {
  const workflow = session.workflows.get(row.workflow);
  if (workflow === undefined || !workflow.enabled) {
    report.waiting.push({
      enrollmentId: row.id,
      reason: `workflow ${row.workflow} is not loaded or is disabled`,
    });
    return;
  }
  const current = context(row.entity);
  if (current === undefined) {
    report.waiting.push({ enrollmentId: row.id, reason: `no context for ${entityKey(row.entity)}` });
    return;
  }
  try {
    const result = inSavepoint(session.db, () => advance(session, workflow, row, current));
    report.steps.push(...result.steps);
    if (result.exited !== undefined)
      report.exited.push({
        workflow: workflow.name,
        entity: row.entity,
        enrollmentId: row.id,
        reason: result.exited,
      });
    if (result.completed) report.completed.push(row.id);
  } catch (error) {
    session.csm.forget();
    if (!(error instanceof EnrollmentMovedError)) throw error;
    report.waiting.push({ enrollmentId: row.id, reason: error.message });
  }
}

/**
 * One engine tick: enroll candidates a trigger fires for, then advance every due enrollment.
 * Deterministic for a fixed `now`; running it twice at the same instant writes nothing new.
 */
export function tick(db: SqlDatabase, options: TickOptions): TickReport {
  const report: TickReport = {
    enrolled: [],
    notEnrolled: [],
    steps: [],
    exited: [],
    completed: [],
    waiting: [],
  };
  const occurrences = parseOccurrences(options.occurrences ?? []);
  const csm = new CsmAssigner(db, parseCsms(options.csms ?? []));
  const session: TickSession = {
    db,
    now: options.now,
    workflows: new Map(options.workflows.map((workflow) => [workflow.name, workflow])),
    csm,
    environment: { csmOf: (entity) => csm.current(entity) },
    unknownOutcomes: unknownOutcomesByEnrollment(db),
  };
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const context = contextCache(options.contextFor);
  const partition = options.partition === undefined ? undefined : checkPartition(options.partition);
  const candidates = withWebhookEntities(options.candidates, occurrences).filter((entity) =>
    inPartition(entity, partition),
  );
  const pairs = options.workflows.flatMap((workflow) => candidates.map((entity) => ({ workflow, entity })));
  inBatches(db, pairs, batchSize, ({ workflow, entity }) =>
    enrollCandidate(db, workflow, entity, context(entity), options.now, occurrences, report),
  );
  const due = dueEnrollments(db, options.now, options.limit ?? DEFAULT_TICK_LIMIT, partition);
  inBatches(db, due, batchSize, (row) => advanceOne(session, row, context, report));
  return report;
}
