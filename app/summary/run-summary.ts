import { formatRejection } from '../../core/connectors/format-rejection.ts';
import type { EntityType } from '../../core/schema/index.ts';
import type { SqlDatabase, SqlValue } from '../../core/store/sql/sql-database.ts';
import type { SqliteCanonicalStore } from '../../core/store/sqlite/index.ts';
import type { ModelSpec } from '../../scoring/models/model-specs.ts';
import type { ModelRegistry } from '../../scoring/registry/model-registry.ts';
import type { BinaryReportMetrics, BinaryRunSummary } from '../report/report-data.ts';
import type { WorkflowRunSummary } from '../workflows/workflow-engine.ts';
import { actionCounts, type TopScored, topScored } from './top-scored.ts';

/**
 * What a run of the main job produced, for people (`formatSummary`) and for scripts (`--json`).
 * The JSON shape is documented in the README ("JSON output"); add fields, never rename them.
 */
export interface RunSummary {
  /** The instant scores were computed as of (ISO); null when nothing was scored yet. */
  readonly asOf: string | null;
  readonly data: DataSummary;
  readonly models: readonly ModelSummary[];
  /** This run of the workflows; null when they did not run. */
  readonly workflows: WorkflowSummary | null;
}

export interface DataSummary {
  readonly contacts: number;
  readonly accounts: number;
  readonly events: number;
  readonly deals: number;
  readonly streams: number;
  /** Source records recognised as a contact or company already known (same e-mail / web domain) and joined to it. */
  readonly matchedByEmail: number;
  readonly matchedByDomain: number;
  /** Contacts and companies a CRM merged into another (HubSpot merges, Salesforce MasterRecordId). */
  readonly mergedByCrm: { readonly contacts: number; readonly accounts: number };
  readonly quarantined: {
    readonly total: number;
    /** The first few, "accounts.csv:57 column 'mrr': expected a number". */
    readonly examples: readonly string[];
  };
}

export interface TierCount {
  readonly tier: string;
  readonly count: number;
}

export interface ModelQuality {
  readonly rocAuc: number | null;
  readonly prAuc: number | null;
  /** Expected calibration error: mean gap between predicted and observed rates (0–1). */
  readonly calibrationError: number | null;
  /** Share of the holdout that had the outcome: what picking at random finds. */
  readonly baseRate: number | null;
  readonly holdoutRows: number;
  readonly holdoutPositives: number;
  readonly holdoutCutoff: string;
}

export interface ModelDrift {
  readonly scorePsi: number;
  readonly status: string;
  readonly featuresAlert: number;
  readonly featuresWarn: number;
}

export interface ModelSummary {
  readonly name: string;
  readonly kind: ModelSpec['kind'];
  readonly entity: EntityType;
  readonly horizonDays: number;
  /** The promoted version scoring now; null when no model was promoted yet. */
  readonly version: number | null;
  readonly scored: number;
  readonly tiers: readonly TierCount[];
  /** Lead and churn models: holdout quality of the promoted version. */
  readonly quality: ModelQuality | null;
  /** Lead and churn models: the last scoring run against the training data. */
  readonly drift: ModelDrift | null;
  /** Lead: the hottest contacts; churn: the riskiest accounts. Empty for the others. */
  readonly top: readonly TopScored[];
  /** Lifetime value: expected revenue of every scored account over the horizon. */
  readonly expectedRevenue: number | null;
  /** Next best action: how many entities each action was chosen for. */
  readonly actions: readonly { readonly action: string; readonly count: number }[];
}

export interface WorkflowSummary {
  readonly considered: number;
  readonly enrolled: number;
  readonly notEnrolled: number;
  readonly stepsRan: number;
  readonly stepsWaiting: number;
  readonly completed: number;
  /** Side effects this run delivered: e-mails, CRM tasks and field writes. */
  readonly delivered: number;
  readonly failed: number;
  /** Outbox rows delivered so far, by kind (email, crm_task, ...). */
  readonly deliveredByKind: Readonly<Record<string, number>>;
}

export interface SummaryInput {
  readonly store: SqliteCanonicalStore;
  readonly registry: ModelRegistry;
  readonly specs: readonly ModelSpec[];
  readonly workflows?: WorkflowRunSummary | null;
  /** Entities named per lead/churn model. */
  readonly top?: number;
}

function rowsOf(db: SqlDatabase, sql: string): Record<string, SqlValue>[] {
  return db.prepare(sql).all() as Record<string, SqlValue>[];
}

async function dataSummary(store: SqliteCanonicalStore): Promise<DataSummary> {
  const [counts, streams, quarantine] = await Promise.all([
    store.counts(),
    store.streamStatus(),
    store.quarantined(undefined, 5),
  ]);
  const merges = new Map(
    rowsOf(
      store.database,
      'SELECT entity_type, reason, COUNT(*) AS n FROM merges GROUP BY entity_type, reason',
    ).map((row) => [`${row.entity_type}:${row.reason}`, Number(row.n)]),
  );
  const [mergedAccounts] = rowsOf(
    store.database,
    'SELECT COUNT(*) AS n FROM accounts WHERE merged_into IS NOT NULL',
  );
  return {
    contacts: counts.contacts,
    accounts: counts.accounts,
    events: counts.events,
    deals: counts.deals,
    streams: streams.length,
    matchedByEmail: merges.get('contact:email_match') ?? 0,
    matchedByDomain: merges.get('account:domain_match') ?? 0,
    mergedByCrm: { contacts: counts.mergedContacts, accounts: Number(mergedAccounts?.n ?? 0) },
    quarantined: { total: counts.quarantined, examples: quarantine.map((record) => formatRejection(record)) },
  };
}

function binaryParts(spec: ModelSpec, registry: ModelRegistry) {
  const promoted = registry.promoted(spec.name);
  const metrics = promoted?.metrics as BinaryReportMetrics | undefined;
  const h = metrics?.holdout;
  const quality: ModelQuality | null = h
    ? {
        rocAuc: h.rocAuc,
        prAuc: h.prAuc,
        calibrationError: h.ece,
        baseRate: h.baseRate,
        holdoutRows: h.rows,
        holdoutPositives: h.positives,
        holdoutCutoff: metrics.cutoffs.holdout,
      }
    : null;
  const run = registry.latestRun(spec.name);
  const drift = (run?.summary as BinaryRunSummary | undefined)?.drift;
  return {
    quality,
    drift: drift
      ? {
          scorePsi: drift.score.psi,
          status: drift.score.status,
          featuresAlert: drift.alert,
          featuresWarn: drift.warn,
        }
      : null,
  };
}

function workflowSummary(db: SqlDatabase, run: WorkflowRunSummary): WorkflowSummary {
  const delivered = Object.fromEntries(
    rowsOf(db, "SELECT kind, COUNT(*) AS n FROM outbox WHERE state = 'sent' GROUP BY kind ORDER BY kind").map(
      (row) => [String(row.kind), Number(row.n)],
    ),
  );
  return {
    considered: run.candidates,
    enrolled: run.enrolled,
    notEnrolled: run.notEnrolled,
    stepsRan: run.steps.sent,
    stepsWaiting: run.steps.deferred,
    completed: run.completed,
    delivered: run.relay.sent,
    failed: run.relay.failed + run.relay.deadLettered,
    deliveredByKind: delivered,
  };
}

/** Reads what the store, the registry and the last runs say into one summary (read-only). */
export async function collectRunSummary(input: SummaryInput): Promise<RunSummary> {
  const { store, registry } = input;
  const db = store.database;
  const distribution = await store.scoreDistribution();
  let asOf: string | null = null;
  const models = input.specs
    .filter((spec) => spec.enabled)
    .map((spec): ModelSummary => {
      const run = registry.latestRun(spec.name);
      if (run && (asOf === null || run.asOf > asOf)) asOf = run.asOf;
      const tiers = distribution
        .filter((row) => row.model === spec.name)
        .map((row) => ({ tier: row.tier, count: row.count }));
      const binary = spec.kind === 'lead' || spec.kind === 'churn';
      const parts = binary ? binaryParts(spec, registry) : { quality: null, drift: null };
      const amount =
        spec.kind === 'ltv' ? (run?.summary as { totalAmount?: number } | undefined)?.totalAmount : null;
      return {
        name: spec.name,
        kind: spec.kind,
        entity: spec.entity,
        horizonDays: spec.horizonDays,
        version: registry.promoted(spec.name)?.version ?? null,
        scored: tiers.reduce((sum, t) => sum + t.count, 0),
        tiers,
        ...parts,
        top: binary ? topScored(db, spec.name, spec.entity, input.top ?? 5) : [],
        expectedRevenue: typeof amount === 'number' ? amount : null,
        actions: spec.kind === 'nba' ? actionCounts(db, spec.name) : [],
      };
    });
  return {
    asOf,
    data: await dataSummary(store),
    models,
    workflows: input.workflows ? workflowSummary(db, input.workflows) : null,
  };
}
