import type { Clock } from '../../core/clock.ts';
import type { CrmLimits } from '../../core/limits/shared-limits.ts';
import type { Logger } from '../../core/logger.ts';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import type { SqliteCanonicalStore } from '../../core/store/sqlite/index.ts';
import type { EmailTransport } from '../../workflows/email/index.ts';
import {
  dueEnrollments,
  type EntityRef,
  entityKey,
  inPartition,
  type Occurrence,
  partitionLabel,
  type TickPartition,
  type TickReport,
  tick,
} from '../../workflows/engine/index.ts';
import { OutboxRelay, type OutboxTransports, type RunSummary } from '../../workflows/outbox/index.ts';
import type { EmailConfig } from '../config/email.ts';
import type { LoadedConfig } from '../config/index.ts';
import { csmLookup } from './csm-lookup.ts';
import { loadContexts } from './load-contexts.ts';
import type { WorkflowSetup } from './load-setup.ts';
import { scheduleOccurrences, syncOccurrences } from './occurrences-since.ts';
import { replaySafety } from './replay-safety.ts';
import { extraCandidates, triggerEventTypes } from './run-candidates.ts';
import { previewOf, type WorkflowPreview } from './run-preview.ts';
import { finishRun, lastFinishedRun, latestScoreId, latestScoreTime, startRun } from './run-record.ts';
import { type RunTotals, summarize } from './run-summary.ts';
import { acquireRunnerLease, RUNNER_LEASE_TTL_MS, type RunnerLease } from './runner-lease.ts';
import { scoredSince } from './score-state.ts';
import { crmWriteBatchSender, crmWriteSender, taskSender } from './senders/crm-sender.ts';
import { emailSender } from './senders/email-sender.ts';
import { webhookSender } from './senders/webhook-sender.ts';
import { suppressionsFromEvents } from './suppressions-from-events.ts';
import { crmTargets, emailTransportFor, templateCache } from './transports.ts';

const DAY_MS = 86_400_000;
/** Unsubscribe and bounce events can arrive days late (CRM exports, retries): re-read a week back. */
const LATE_EVENT_GRACE_MS = 7 * DAY_MS;
const TICK_BATCH = 500;
/** Bounds one run so a bug that keeps steps due cannot spin forever; a real backlog continues next run. */
const MAX_TICKS_PER_RUN = 1_000;
/** Rows per relay round; CRM writes of a round go out together through the CRMs' batch APIs. */
const RELAY_BATCH = 1_000;

export interface WorkflowEngineDeps {
  readonly loaded: LoadedConfig;
  readonly store: SqliteCanonicalStore;
  readonly setup: WorkflowSetup;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Replaces the configured email transport (benchmarks, tests of failure modes). */
  readonly emailTransport?: EmailTransport;
  /**
   * Only previews runs (`workflows run --dry-run`): takes no runner lease and recovers nothing, so
   * it can look while a real runner works; runOnce is refused.
   */
  readonly previewOnly?: boolean;
  /** CRM limits per account shared by every process (a Postgres store); per process when absent. */
  readonly sharedLimits?: CrmLimits;
  /**
   * Restricts runs to the enrollments and candidate entities of one partition (an FNV-1a hash of
   * entity type and id, modulo count; workflows/engine/partition.ts). Runners of different
   * partitions of the same count may run at once, on any hosts; each keeps its own lease and run
   * watermarks. Every runner's relay delivers any due outbox row, whichever partition queued it.
   */
  readonly partition?: TickPartition;
  /**
   * Only delivers the outbox (an outbox job): takes no runner lease, since relays never conflict
   * (each row goes to one relay), but still recovers rows dead relays left behind; runOnce is refused.
   */
  readonly relayOnly?: boolean;
}

interface Evaluation {
  readonly runId: number;
  readonly last: ReturnType<typeof lastFinishedRun>;
  readonly now: Date;
  readonly candidates: readonly EntityRef[];
  readonly reports: readonly TickReport[];
  readonly suppressionsAdded: number;
  readonly occurrences: readonly Occurrence[];
  /** Newest score row this run read candidates up to. */
  readonly scoresUntilId: number;
}

export interface WorkflowRunSummary extends RunTotals {
  readonly runId: number;
  readonly recovered: { readonly requeued: number; readonly unknown: number };
  readonly suppressionsAdded: number;
  /** Schedule, sync and webhook firings this run evaluated. */
  readonly occurrences: readonly string[];
  readonly relay: Omit<RunSummary, 'claimed'>;
}

function occurrenceWords(o: Occurrence): string {
  return o.on === 'schedule'
    ? `schedule ${o.cron}`
    : o.on === 'after_sync'
      ? `after_sync ${o.connector}`
      : `webhook ${o.name}`;
}

/**
 * The workflow engine wired to this config: contexts from the store, the outbox relay with real
 * transports (SMTP or .eml files, CRM destinations, webhooks), and the single-runner lease.
 */
export class WorkflowEngine {
  readonly relay: OutboxRelay;
  readonly #deps: WorkflowEngineDeps;
  readonly #db: SqlDatabase;
  readonly #email: EmailConfig | undefined;
  readonly #transport: EmailTransport | undefined;
  readonly #closers: Array<() => Promise<void> | void> = [];
  readonly #lease: RunnerLease | undefined;
  #leaseLost: Error | undefined;
  #recovered = { requeued: 0, unknown: 0 };

  constructor(deps: WorkflowEngineDeps) {
    this.#deps = deps;
    this.#db = deps.store.database;
    const { config } = deps.loaded;
    this.#email = config.email;
    if (!deps.previewOnly && !deps.relayOnly) {
      const lease = acquireRunnerLease(this.#db, deps.clock.now(), {
        ...(deps.partition ? { partition: deps.partition } : {}),
      });
      this.#lease = lease;
      this.#closers.push(() => lease.release());
      // Kept fresh while sends are awaited too; a statement is never slipped into an open transaction.
      const renewal = setInterval(() => {
        if (this.#db.isTransaction || this.#leaseLost) return;
        try {
          this.#renewLease();
        } catch {
          // Kept in #leaseLost: the run in progress stops at its next step.
        }
      }, RUNNER_LEASE_TTL_MS / 5);
      renewal.unref();
      this.#closers.push(() => clearInterval(renewal));
    }
    const targets = crmTargets(deps.loaded, deps.sharedLimits, this.#db);
    for (const { destination } of targets.values())
      if (destination.close) this.#closers.push(() => destination.close?.());
    const crmDeps = { store: deps.store, clock: deps.clock, targets };
    const transports: OutboxTransports = {
      crm_write: crmWriteSender(crmDeps),
      task: taskSender({ store: deps.store, clock: deps.clock, targets }),
      webhook: webhookSender({ notifyUrl: (workflow, step) => deps.setup.notifyUrl(workflow, step) }),
    };
    if (this.#email) {
      const transport = deps.emailTransport ?? emailTransportFor(this.#email);
      this.#transport = transport;
      this.#closers.push(() => transport.close());
      transports.email = emailSender({
        db: this.#db,
        store: deps.store,
        clock: deps.clock,
        email: this.#email,
        transport,
        templates: templateCache(config.workflows.templates),
        csmOf: csmLookup(this.#db, this.#email.csms),
      });
    }
    this.relay = new OutboxRelay({
      db: this.#db,
      clock: deps.clock,
      sleep: deps.sleep,
      transports,
      // One run's CRM writes for many entities travel together: 185 accounts are 2 HubSpot calls, not 185.
      batchTransports: { crm_write: crmWriteBatchSender(crmDeps) },
      random: deps.random ?? Math.random,
      replaySafe: replaySafety(targets),
    });
    if (deps.previewOnly) return;
    // Rows a killed runner left in `sending`: CRM upserts and tasks on a CRM that keys them are
    // replayed; emails, webhooks and other tasks become unknown until `outbox resolve`.
    const recovered = this.relay.recover(deps.clock.now());
    this.#recovered = { requeued: recovered.requeued.length, unknown: recovered.unknown.length };
    if (recovered.unknown.length > 0)
      deps.logger.warn(
        { outboxIds: recovered.unknown },
        'side effects interrupted by a crash are marked unknown and not resent on their own; their sequences wait. Settle them with `scorebridge outbox resolve` (see `scorebridge workflows status`)',
      );
  }

  /**
   * One run: suppressions from new events, entry checks for entities scored since the last run,
   * every due step (level-triggered: everything due at or before now, however many ticks were
   * missed), then the outbox relay.
   */
  async runOnce(trigger: string, webhooks: readonly Occurrence[] = []): Promise<WorkflowRunSummary> {
    if (this.#deps.previewOnly) throw new Error('this workflow engine was opened for previews only');
    if (this.#deps.relayOnly) throw new Error('this workflow engine was opened to deliver the outbox only');
    this.#renewLease();
    if (this.#leaseLost) throw this.#leaseLost;
    const { runId, last, now, candidates, reports, suppressionsAdded, occurrences, scoresUntilId } =
      await this.#evaluate(trigger, webhooks);
    // Rows that relays elsewhere left behind (lease run out, process gone) since start-up.
    const orphans = this.relay.recover(this.#deps.clock.now());
    this.#recovered = {
      requeued: this.#recovered.requeued + orphans.requeued.length,
      unknown: this.#recovered.unknown + orphans.unknown.length,
    };
    const relay = await this.#runRelay();
    const summary: WorkflowRunSummary = {
      runId,
      recovered: this.#recovered,
      suppressionsAdded,
      occurrences: occurrences.map(occurrenceWords),
      ...summarize(candidates.length, reports),
      relay,
    };
    this.#recovered = { requeued: 0, unknown: 0 };
    finishRun(this.#db, runId, {
      at: this.#deps.clock.now(),
      scoresUntil: latestScoreTime(this.#db, this.#deps.setup.triggerModels) ?? last?.scoresUntil ?? null,
      scoresUntilId,
      eventsUntil: now.toISOString(),
      summary,
    });
    return summary;
  }

  /**
   * What runOnce would do now, decided by the same code inside one transaction that is rolled back:
   * enrollments, steps and the outbox rows they would write, and no row, email or CRM call survives.
   */
  async preview(trigger: string, webhooks: readonly Occurrence[] = []): Promise<WorkflowPreview> {
    const db = this.#db;
    const before = Number(
      (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM outbox').get() as { id: number }).id,
    );
    // Rows earlier runs queued that are due now: the real run's relay delivers them too.
    const due = db
      .prepare(
        "SELECT kind, COUNT(*) AS n FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? GROUP BY kind ORDER BY kind",
      )
      .all(this.#deps.clock.now().toISOString()) as Array<{ kind: string; n: number }>;
    db.exec('BEGIN IMMEDIATE');
    try {
      const evaluation = await this.#evaluate(trigger, webhooks);
      const intents = db
        .prepare('SELECT kind, COUNT(*) AS n FROM outbox WHERE id > ? GROUP BY kind ORDER BY kind')
        .all(before) as Array<{ kind: string; n: number }>;
      return previewOf(
        this.#deps.setup.workflows,
        evaluation.candidates.length,
        evaluation.reports,
        {
          queued: intents.map((row) => ({ kind: row.kind, count: Number(row.n) })),
          alreadyDue: due.map((row) => ({ kind: row.kind, count: Number(row.n) })),
        },
        evaluation.occurrences.map(occurrenceWords),
      );
    } finally {
      db.exec('ROLLBACK');
    }
  }

  /**
   * One run's decisions: suppressions from new events, entry checks for entities scored since the
   * last run, every due step (level-triggered: everything due at or before now, however many ticks
   * were missed). Writes enrollments, steps and outbox rows; sends nothing.
   */
  async #evaluate(trigger: string, webhooks: readonly Occurrence[]): Promise<Evaluation> {
    const { deps } = { deps: this.#deps };
    const now = deps.clock.now();
    const db = this.#db;
    const { partition } = deps;
    const runId = startRun(db, trigger, now, partitionLabel(partition));
    const last = lastFinishedRun(db, partitionLabel(partition));
    const eventsFrom = last?.eventsUntil
      ? new Date(Date.parse(last.eventsUntil) - LATE_EVENT_GRACE_MS).toISOString()
      : null;
    const suppressionsAdded = await suppressionsFromEvents(
      deps.store,
      db,
      { from: eventsFrom, before: now.toISOString() },
      now,
    );
    const models = deps.setup.triggerModels;
    const lastStart = last ? new Date(last.startedAt) : null;
    const { config } = deps.loaded;
    const occurrences = [
      ...scheduleOccurrences(deps.setup.workflows, config.schedules.timezone, lastStart, now),
      ...syncOccurrences(db, lastStart, now),
      ...webhooks,
    ];
    // Read before the candidates: score rows written while this run works belong to the next run.
    const scoresUntilId = latestScoreId(db, models);
    const scored = scoredSince(db, models, {
      afterId: last?.scoresUntilId ?? null,
      afterAt: last?.scoresUntil ?? null,
      untilId: scoresUntilId,
    });
    const extra = await extraCandidates({
      db,
      store: deps.store,
      workflows: deps.setup.workflows,
      models: config.scoring.models,
      occurrences,
      eventsFrom,
      now,
    });
    const seen = new Set(scored.map(entityKey));
    const candidates = [...scored, ...extra.filter((entity) => !seen.has(entityKey(entity)))].filter(
      (entity) => inPartition(entity, partition),
    );
    const triggerTypes = triggerEventTypes(deps.setup.workflows);
    const consent = this.#email?.consent ?? 'explicit_opt_in';
    const reports: TickReport[] = [];
    let pendingCandidates: readonly EntityRef[] = candidates;
    for (let round = 0; round < MAX_TICKS_PER_RUN; round += 1) {
      if (!deps.previewOnly) this.#renewLease();
      const due = dueEnrollments(db, now, TICK_BATCH, partition);
      if (due.length === 0 && pendingCandidates.length === 0) break;
      const contexts = await loadContexts(
        deps.store,
        db,
        [...pendingCandidates, ...due.map((row) => row.entity)],
        {
          now,
          consent,
          tierModels: deps.setup.tierModels,
          scoresSinceId: last?.scoresUntilId ?? null,
          triggerTypes,
        },
      );
      const report = tick(db, {
        now,
        workflows: deps.setup.workflows,
        candidates: pendingCandidates,
        contextFor: (entity) => contexts.get(entityKey(entity)),
        limit: TICK_BATCH,
        csms: this.#email?.csms ?? [],
        occurrences,
        ...(partition ? { partition } : {}),
      });
      reports.push(report);
      pendingCandidates = [];
      // Steps that only waited (nothing moved) mean the rest of the due list is stuck on missing data.
      if (report.steps.length === 0 && report.exited.length === 0 && report.completed.length === 0) break;
    }
    return { runId, last, now, candidates, reports, suppressionsAdded, occurrences, scoresUntilId };
  }

  async #runRelay(): Promise<Omit<RunSummary, 'claimed'>> {
    const totals = { sent: 0, retried: 0, deadLettered: 0, failed: 0, unknown: 0 };
    for (;;) {
      this.#renewLease();
      const round = await this.relay.runOnce(RELAY_BATCH);
      for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += round[key];
      // Retries are due later; the next run (or tick) picks them up.
      if (round.claimed === 0 || round.claimed === round.retried) break;
    }
    return totals;
  }

  /** Renews the runner lease; a lost lease stops the next step of this run with LeaseLostError. */
  #renewLease(): void {
    if (this.#lease === undefined || this.#leaseLost) {
      if (this.#leaseLost) throw this.#leaseLost;
      return;
    }
    try {
      this.#lease.renew(this.#deps.clock.now());
    } catch (error) {
      this.#leaseLost = error as Error;
      throw error;
    }
  }

  get emailTransport(): EmailTransport | undefined {
    return this.#transport;
  }

  async close(): Promise<void> {
    for (const close of this.#closers.reverse()) await close();
  }
}
