import type { BigQueryConnectorConfig } from '../../connectors/bigquery/config.ts';
import { quotedPath as bigQueryPath, resolveTablePath } from '../../connectors/bigquery/in-warehouse.ts';
import type { ConnectorConfig } from '../../connectors/registry.ts';
import { qualifiedName } from '../../connectors/snowflake/client.ts';
import type { SnowflakeConnectorConfig } from '../../connectors/snowflake/config.ts';
import type { ScorePublisher, WarehouseColumn } from '../../core/warehouse/scores-table.ts';
import { featureSetOf } from '../../scoring/features/feature-set.ts';
import type { FeaturePlan } from '../../scoring/features/plan/ir.ts';
import { compileFeatureQueryParts } from '../../scoring/features/sql/compile.ts';
import { type PopulationKind, targetsSql } from '../../scoring/features/sql/populations.ts';
import { compileScoringQueryParts, type SqlScoringModel } from '../../scoring/sql/index.ts';
import type { WarehouseNaming } from './in-warehouse-models.ts';
import {
  CANONICAL_COLUMNS,
  CANONICAL_NAMES,
  type CanonicalName,
  type ConfiguredRelations,
  canonicalRelationGraph,
  RELATION_KEYS,
  type RelationNode,
  relationCtes,
} from './relations/canonical-relations.ts';
import { type RelationSql, relationSql } from './relations/relation-sql.ts';
import {
  bigQueryStreamPlanner,
  type StreamPlan,
  type StreamPlanner,
  snowflakeStreamPlanner,
} from './relations/stream-plans.ts';

/** A warehouse connector's canonical relations, ready to compose into statements or dbt models. */
export interface WarehouseRelations {
  readonly connector: string;
  readonly sql: RelationSql;
  readonly nodes: readonly RelationNode[];
  readonly plans: readonly StreamPlan[];
  /** Relations the config names (inWarehouse.relations), as quoted paths. */
  readonly configured: ConfiguredRelations;
  /** Where each relation comes from, for messages: streams, or the configured table. */
  readonly origins: Readonly<Record<CanonicalName, string>>;
}

function plannerFor(connector: string, config: ConnectorConfig): StreamPlanner {
  if (config.type === 'bigquery') return bigQueryStreamPlanner(connector, config);
  if (config.type === 'snowflake') return snowflakeStreamPlanner(connector, config);
  throw new Error(`connector "${connector}" is not a BigQuery or Snowflake connector`);
}

/** inWarehouse.relations as quoted paths, resolved as the connector resolves its own tables. */
function configuredRelations(
  config: BigQueryConnectorConfig | SnowflakeConnectorConfig,
): ConfiguredRelations {
  const out: ConfiguredRelations = {};
  const named = config.inWarehouse?.relations ?? {};
  for (const name of CANONICAL_NAMES) {
    const table = named[RELATION_KEYS[name]];
    if (!table) continue;
    out[name] =
      config.type === 'bigquery'
        ? bigQueryPath(resolveTablePath(table, { projectId: config.projectId, dataset: config.dataset }))
        : qualifiedName(table);
  }
  return out;
}

async function columnsOf(
  publisher: ScorePublisher,
  relation: string,
  where: string,
): Promise<readonly WarehouseColumn[]> {
  try {
    return await publisher.relationColumns(relation);
  } catch (error) {
    throw new Error(`${where}: cannot read ${relation}: ${(error as Error).message}`);
  }
}

/**
 * Reads the columns of every stream's table (or SQL) and of the configured relations, once, and
 * builds the graph of canonical relations. Errors name the config entry to fix.
 */
export async function warehouseRelations(
  connector: string,
  config: ConnectorConfig,
  publisher: ScorePublisher,
): Promise<WarehouseRelations> {
  if (config.type !== 'bigquery' && config.type !== 'snowflake')
    throw new Error(`connector "${connector}" is not a BigQuery or Snowflake connector`);
  const planner = plannerFor(connector, config);
  const configured = configuredRelations(config);
  const sql = relationSql(config.type);
  const origins = {} as Record<CanonicalName, string>;
  for (const name of CANONICAL_NAMES) {
    const where = `connectors.${connector}.inWarehouse.relations.${RELATION_KEYS[name]}`;
    const relation = configured[name];
    if (!relation) continue;
    const found = await columnsOf(publisher, relation, where);
    const key = (column: string) => column.toUpperCase();
    const present = new Set(found.map((c) => key(c.name)));
    const missing = CANONICAL_COLUMNS[name].filter(([column]) => !present.has(key(column)));
    if (missing.length > 0)
      throw new Error(
        `${where}: ${relation} has no column ${missing.map(([column, type]) => `${column} (${type})`).join(', ')}; ` +
          `${name} needs ${CANONICAL_COLUMNS[name].map(([column]) => column).join(', ')}`,
      );
    origins[name] = relation;
  }
  const kindOf: Readonly<Record<CanonicalName, string>> = {
    sb_accounts: 'account',
    sb_contacts: 'contact',
    sb_events: 'event',
    sb_deals: 'deal',
  };
  const plans: StreamPlan[] = [];
  for (const source of planner.sources) {
    const canonical = CANONICAL_NAMES.find((name) => kindOf[name] === source.kind)!;
    if (configured[canonical]) continue;
    const where = `connectors.${connector}.streams.${source.stream}`;
    plans.push(planner.plan(source, await columnsOf(publisher, source.relation, where)));
  }
  for (const name of CANONICAL_NAMES) {
    if (origins[name]) continue;
    const streams = plans.filter((plan) => plan.kind === kindOf[name]).map((plan) => plan.stream);
    origins[name] = streams.length > 0 ? `streams ${streams.join(', ')}` : 'nothing (empty)';
  }
  return {
    connector,
    sql,
    nodes: canonicalRelationGraph(sql, plans, configured),
    plans,
    configured,
    origins,
  };
}

/** How a compiled model names its id and feature columns in this warehouse. */
function scoringNames(naming: WarehouseNaming) {
  return { idColumns: [naming.entityIdColumn], columnName: naming.columnName };
}

/** The CTE name the feature rows get inside a scoring statement. */
export const FEATURES_CTE = 'sb_features';

/**
 * The feature query of a plan over the canonical relations, for the population of `kind` at one
 * cutoff: its CTEs and final SELECT (row_id, entity_id, one column per feature).
 */
export function featureQueryParts(
  sql: RelationSql,
  plan: FeaturePlan,
  kind: PopulationKind,
  cutoffMs: number,
): { readonly ctes: readonly string[]; readonly select: string } {
  const targets = `(${targetsSql(sql.features, { kind, cutoffs: [cutoffMs] })})`;
  return compileFeatureQueryParts(plan, { dialect: sql.features, targets });
}

/** The CTEs and SELECT scoring a model over `featureCte` (the CTE named FEATURES_CTE). */
export function scoringParts(sql: RelationSql, model: SqlScoringModel, naming: WarehouseNaming) {
  return compileScoringQueryParts(model, {
    dialect: sql.features.sql,
    featureTable: [FEATURES_CTE],
    ...scoringNames(naming),
  });
}

export interface InWarehouseStatement {
  /** The SELECT: relations, population, features and model in one statement. */
  readonly sql: string;
  readonly bytes: number;
}

/** Room left for the INSERT … SELECT wrapper the publisher puts around the statement. */
const WRAPPER_BYTES = 4096;

/**
 * One SELECT that scores a lead or churn model entirely inside the warehouse: the canonical
 * relations, the model's population at `cutoffMs`, its features (the plan the model was trained
 * on) and the compiled model, with the output columns compileScoringQuery documents.
 */
export function inWarehouseScoringSql(
  relations: WarehouseRelations,
  model: SqlScoringModel,
  naming: WarehouseNaming,
  cutoffMs: number,
): InWarehouseStatement {
  const { sql } = relations;
  const kind = model.artifact.kind;
  const plan = featureSetOf(model.artifact).plan;
  const entity: CanonicalName = kind === 'lead' ? 'sb_contacts' : 'sb_accounts';
  if (relations.origins[entity] === 'nothing (empty)')
    throw new Error(
      `connectors.${relations.connector}: no ${entity === 'sb_contacts' ? 'contact' : 'account'} stream and no inWarehouse.relations.${RELATION_KEYS[entity]}: model ${model.name} has nobody to score in the warehouse`,
    );
  const features = featureQueryParts(sql, plan, kind, cutoffMs);
  const scoring = scoringParts(sql, model, naming);
  const q = sql.features.sql.quoteIdentifier;
  const ctes = [
    ...relationCtes(relations.nodes),
    ...features.ctes,
    `${q(FEATURES_CTE)} AS (\n${features.select})`,
    ...scoring.ctes,
  ];
  const text = `WITH ${ctes.join(',\n')}\n${scoring.select}`;
  const bytes = Buffer.byteLength(text, 'utf8');
  const limit = sql.features.sql.maxQueryBytes;
  if (limit !== null && bytes + WRAPPER_BYTES > limit)
    throw new Error(
      `model ${model.name} v${model.version} (${sql.name}): the in-warehouse statement is ${Math.ceil(bytes / 1024)} KB, over ${sql.name}'s ${limit / 1024} KB limit; ` +
        'materialise the features with `scorebridge features --dbt` and name the table in inWarehouse.featureTables, or train fewer or shallower trees',
    );
  return { sql: text, bytes };
}
