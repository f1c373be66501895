import type { Score } from '../schema/index.ts';

/**
 * The documented shape of published scores, the same in BigQuery, Snowflake and the local store,
 * so a warehouse job's SQL works unchanged against any of them. One row per (entity_type,
 * entity_id, model) in the current table; every publish appends to the history table.
 */
export const SCORE_COLUMNS = [
  { name: 'entity_type', type: 'string', description: "'contact' or 'account'" },
  { name: 'entity_id', type: 'string', description: 'scorebridge canonical id of the contact or account' },
  { name: 'model', type: 'string', description: 'model name from scorebridge.yaml, e.g. churn_risk' },
  { name: 'kind', type: 'string', description: 'lead | churn | ltv | nba' },
  { name: 'model_version', type: 'string', description: 'registry version that computed the score' },
  { name: 'score', type: 'float', description: '0-100 score reps see' },
  { name: 'probability', type: 'float', description: 'calibrated probability (null for ltv and nba)' },
  { name: 'tier', type: 'string', description: 'risk tier, e.g. low | medium | high' },
  {
    name: 'reasons',
    type: 'json',
    description: 'top reasons as a JSON array of {feature, direction, points, text}',
  },
  { name: 'amount', type: 'float', description: 'lifetime value in money (ltv only)' },
  { name: 'action', type: 'string', description: 'recommended action id (nba only)' },
  { name: 'scored_at', type: 'timestamp', description: 'when the score was computed (UTC)' },
] as const;

export type ScoreColumn = (typeof SCORE_COLUMNS)[number];
export type ScoreColumnName = ScoreColumn['name'];
export type ScoreColumnType = ScoreColumn['type'];

/** Key of the current-scores table: MERGE matches on these. */
export const SCORE_KEY: readonly ScoreColumnName[] = ['entity_type', 'entity_id', 'model'];

/** Default object names; configurable per connector. */
export const DEFAULT_SCORE_TABLES = {
  current: 'scorebridge_scores',
  history: 'scorebridge_score_history',
  staging: 'scorebridge_scores_staging',
  latestView: 'scorebridge_latest_scores',
} as const;

export type ScoreRow = {
  entity_type: string;
  entity_id: string;
  model: string;
  kind: string;
  model_version: string;
  score: number;
  probability: number | null;
  tier: string;
  reasons: string;
  amount: number | null;
  action: string | null;
  scored_at: string;
};

/** A canonical score as a row of the published table (reasons as compact JSON text). */
export function scoreRow(score: Score): ScoreRow {
  return {
    entity_type: score.entityType,
    entity_id: score.entityId,
    model: score.model,
    kind: score.kind,
    model_version: score.modelVersion,
    score: score.value,
    probability: score.probability,
    tier: score.tier,
    reasons: JSON.stringify(score.reasons),
    amount: score.amount ?? null,
    action: score.action ?? null,
    scored_at: score.computedAt,
  };
}

/** What a publish did, for the CLI and the benchmark. */
export interface PublishResult {
  readonly rows: number;
  /** HTTP requests made to the warehouse API. */
  readonly requests: number;
  /** Rows whose values changed in the current table (inserted or updated by the MERGE). */
  readonly merged: number;
  /** How the scores reached the staging table, in words (e.g. "2 gzip CSV files (PUT + COPY INTO)"). */
  readonly loadedBy?: string;
}

/** A column of a model's feature table, as scoring/sql's featureTableColumns names it. */
export interface FeatureTableColumn {
  readonly column: string;
  /** The warehouse type (default: the dialect's float type for numeric, string type for categorical). */
  readonly sqlType?: string;
  readonly kind: 'numeric' | 'categorical';
}

/** One feature row by column name: finite numbers, label text, or null/undefined/NaN for missing. */
export type FeatureTableRow = Readonly<Record<string, unknown>>;

/**
 * Scores computed by the warehouse itself. `selectSql` is a compiled scoring query
 * (scoring/sql compileScoringQuery) whose output has an `entity_id` column (any case that resolves
 * unquoted) and probability, score and tier; model and version come from this request.
 */
export interface InWarehouseScoreRequest {
  readonly selectSql: string;
  readonly entityType: 'contact' | 'account';
  readonly model: string;
  readonly kind: string;
  readonly modelVersion: string;
  /** ISO instant stamped on every row; the same instant again changes nothing (idempotent). */
  readonly scoredAt: string;
}

/** A column of a warehouse relation as a generated query needs to know it: its name and kind of value. */
export interface WarehouseColumn {
  /** As the warehouse reports it (BigQuery: as defined; Snowflake: upper-case unless quoted). */
  readonly name: string;
  readonly type: 'text' | 'number' | 'boolean' | 'timestamp' | 'other';
}

/** What a warehouse-side job did: rows written and HTTP requests made. */
export interface WarehouseJobResult {
  readonly rows: number;
  readonly requests: number;
}

/**
 * The write side of a warehouse connector: keeps the scores table current with one MERGE per
 * publish, appends history, and maintains the latest-scores view.
 */
export interface ScorePublisher {
  readonly name: string;
  /** Creates the tables and view when missing; when they exist, checks their columns and says what differs. */
  ensureScoreTables(): Promise<{ created: string[]; existing: string[] }>;
  /** Publishes pages of scores; the whole publish is idempotent (same input, same tables). */
  publishScores(pages: AsyncIterable<readonly Score[]>): Promise<PublishResult>;
  /**
   * A table name from config as the warehouse resolves it, split into the parts a compiled query
   * quotes one by one (BigQuery: project, dataset, table; Snowflake: upper-cased unquoted parts).
   */
  featureTablePath(table: string): readonly string[];
  /** Column names of a table or view (as stored), or null when it does not exist. */
  tableColumns(table: string): Promise<readonly string[] | null>;
  /**
   * The columns of a relation (a quoted table path, or a parenthesised SELECT), read from the
   * result of a query that returns no row: what a connector's stream would read.
   */
  relationColumns(relation: string): Promise<readonly WarehouseColumn[]>;
  /**
   * (Re)creates `table` with the id columns (text) and the feature columns, and bulk-loads the rows
   * the way scores are staged (BigQuery load jobs, Snowflake array binds). NaN, infinities,
   * undefined and null load as NULL.
   */
  loadFeatureTable(
    table: string,
    columns: readonly FeatureTableColumn[],
    idColumns: readonly string[],
    rows: AsyncIterable<readonly FeatureTableRow[]>,
  ): Promise<WarehouseJobResult>;
  /**
   * Materialises the compiled query's rows once in a staging table inside the warehouse, then runs
   * the same MERGE into the current table and INSERT … SELECT into history as publishScores (same
   * idempotency). Rows carry reasons `[]`: compiled SQL computes no per-row reasons (those need the
   * in-process explainer); amount and action are null. Scores never leave the warehouse.
   */
  scoreInWarehouse(request: InWarehouseScoreRequest): Promise<WarehouseJobResult>;
  close(): Promise<void>;
}
