import { type ConnectorConfig, createScorePublisher, isWarehouse } from '../../connectors/registry.ts';
import type { EntityType } from '../../core/schema/index.ts';
import type { ScorePublisher, WarehouseJobResult } from '../../core/warehouse/scores-table.ts';
import { type FeatureSet, featureSetOf } from '../../scoring/features/feature-set.ts';
import type { FeatureEngine } from '../../scoring/features/rows/feature-engine.ts';
import { parseCutoff } from '../../scoring/features/time.ts';
import type { ModelSpec } from '../../scoring/models/model-specs.ts';
import type { ModelRegistry } from '../../scoring/registry/model-registry.ts';
import { compileScoringQuery, featureTableDdl } from '../../scoring/sql/index.ts';
import { type DbtFile, dbtProject } from './dbt-project.ts';
import { exportFeatures } from './feature-export.ts';
import {
  configuredFeatureTable,
  defaultFeatureTable,
  featureColumnsFor,
  featureTableProblems,
  type InWarehouseModel,
  promotedBinaryModels,
  type WarehouseNaming,
  warehouseNaming,
} from './in-warehouse-models.ts';
import { inWarehouseScoringSql, type WarehouseRelations, warehouseRelations } from './in-warehouse-sql.ts';

export interface WarehouseContext {
  readonly connectors: Readonly<Record<string, ConnectorConfig>>;
  readonly registry: ModelRegistry;
  readonly specs: readonly ModelSpec[];
  /** Opens a connector's publisher (default: the connector registry's). */
  readonly openPublisher?: (name: string, config: ConnectorConfig) => ScorePublisher | null;
}

export interface InWarehouseTally extends WarehouseJobResult {
  readonly connector: string;
  readonly model: string;
  readonly version: string;
  /**
   * Where the features came from: FEATURES_FROM_RELATIONS when the warehouse computed them from the
   * canonical relations in the scoring statement, else the feature table the SQL read.
   */
  readonly table: string;
  /** Feature rows exported (features --export); null when none were. */
  readonly exported: number | null;
  /** Size of the scoring statement when the features were computed in it, else null. */
  readonly statementBytes: number | null;
  /** True when the statement was compiled (and its columns checked) but not run: `--dry-run`. */
  readonly dryRun?: boolean;
}

/** The tally's `table` when the features were computed in the scoring statement itself. */
export const FEATURES_FROM_RELATIONS = '(canonical relations)';

/** Warehouse connectors (BigQuery, Snowflake) of the config, optionally only the named ones. */
export function inWarehouseConnectors(context: WarehouseContext, only?: readonly string[]): string[] {
  const names = Object.entries(context.connectors)
    .filter(([name, config]) => (!only || only.includes(name)) && isWarehouse(config))
    .map(([name]) => name);
  for (const name of only ?? [])
    if (!names.includes(name))
      throw new Error(
        `connector "${name}" is not a BigQuery or Snowflake connector in the config (warehouse connectors: ${names.join(', ') || 'none'})`,
      );
  return names;
}

/**
 * Compiles the model over its feature table and has the warehouse score it. A configured
 * (externally maintained) table is checked first, so a missing column is named instead of failing
 * inside the warehouse's SQL compiler.
 */
export async function scoreModelInWarehouse(
  publisher: ScorePublisher,
  naming: WarehouseNaming,
  entry: InWarehouseModel,
  table: string,
  options: {
    readonly scoredAt: string;
    readonly checkColumns: boolean;
    readonly where: string;
    readonly dryRun?: boolean;
  },
): Promise<WarehouseJobResult | null> {
  const { model } = entry;
  const path = publisher.featureTablePath(table);
  if (options.checkColumns) {
    const required = [
      { column: naming.entityIdColumn, sqlType: 'text' },
      ...featureColumnsFor(model, naming),
    ];
    const problems = featureTableProblems(
      path.join('.'),
      await publisher.tableColumns(table),
      required,
      naming.dialect,
    );
    if (problems.length > 0)
      throw new Error(
        `${options.where}: ${problems.join('; ')}. Model ${model.name} v${model.version} reads these columns; ` +
          `\`scorebridge features --ddl --connector ${publisher.name} --model ${model.name}\` prints the table it expects.`,
      );
  }
  const selectSql = compileScoringQuery(model, {
    dialect: naming.dialect,
    featureTable: path,
    idColumns: [naming.entityIdColumn],
    columnName: naming.columnName,
  });
  if (options.dryRun) return null;
  return publisher.scoreInWarehouse({
    selectSql,
    entityType: featureSetOf(model.artifact).entityType,
    model: model.name,
    kind: model.artifact.kind,
    modelVersion: String(model.version),
    scoredAt: options.scoredAt,
  });
}

async function eachWarehouseModel(
  context: WarehouseContext,
  options: {
    readonly connectors?: readonly string[];
    readonly models?: readonly string[];
    readonly mayWrite?: (connector: string, models: readonly string[]) => boolean;
    readonly written?: (connector: string, models: readonly string[]) => void;
  },
  step: (
    publisher: ScorePublisher,
    naming: WarehouseNaming,
    entry: InWarehouseModel,
    config: ConnectorConfig,
  ) => Promise<InWarehouseTally>,
): Promise<InWarehouseTally[]> {
  const models = promotedBinaryModels(context.registry, context.specs, options.models);
  const open = context.openPublisher ?? createScorePublisher;
  const tallies: InWarehouseTally[] = [];
  const names = models.map((entry) => entry.spec.name);
  for (const name of inWarehouseConnectors(context, options.connectors)) {
    if (models.length > 0 && options.mayWrite && !options.mayWrite(name, names)) continue;
    const config = context.connectors[name]!;
    const publisher = open(name, config);
    if (!publisher) continue;
    try {
      for (const entry of models) tallies.push(await step(publisher, warehouseNaming(config), entry, config));
      if (models.length > 0) options.written?.(name, names);
    } finally {
      await publisher.close();
    }
  }
  return tallies;
}

/**
 * `scorebridge score --in-warehouse`: for each promoted lead/churn model and warehouse connector,
 * one statement inside the warehouse computes the population as of `asOf`, its features from the
 * canonical relations (generated from the connector's streams, or the tables inWarehouse.relations
 * names) and the scores, which the publisher MERGEs into the scores table and its history. No row
 * leaves the warehouse. A model named in inWarehouse.featureTables is scored from that table as is.
 */
export function runInWarehouseScoring(
  context: WarehouseContext,
  options: {
    readonly asOf: string;
    readonly scoredAt: string;
    readonly connectors?: readonly string[];
    readonly models?: readonly string[];
    /** Compile every statement and check the tables it reads, but run nothing in the warehouse. */
    readonly dryRun?: boolean;
    /** Asked per connector before anything runs there; false skips the connector (a safety gate held it). */
    readonly mayWrite?: (connector: string, models: readonly string[]) => boolean;
    /** Told after a connector's statements all ran. */
    readonly written?: (connector: string, models: readonly string[]) => void;
  },
): Promise<InWarehouseTally[]> {
  const cutoffMs = parseCutoff(options.asOf, '--as-of');
  const relations = new Map<string, Promise<WarehouseRelations>>();
  return eachWarehouseModel(context, options, async (publisher, naming, entry, config) => {
    const configured = configuredFeatureTable(config, entry.spec.name);
    if (configured) {
      const scored = await scoreModelInWarehouse(publisher, naming, entry, configured, {
        scoredAt: options.scoredAt,
        checkColumns: true,
        where: `connectors.${publisher.name}.inWarehouse.featureTables.${entry.spec.name}`,
        ...(options.dryRun ? { dryRun: true } : {}),
      });
      return { ...tally(publisher.name, entry, configured, null, scored, null), dryRun: !scored };
    }
    let graph = relations.get(publisher.name);
    if (!graph) {
      graph = warehouseRelations(publisher.name, config, publisher);
      relations.set(publisher.name, graph);
    }
    const statement = inWarehouseScoringSql(await graph, entry.model, naming, cutoffMs);
    const { model } = entry;
    if (options.dryRun)
      return {
        ...tally(publisher.name, entry, FEATURES_FROM_RELATIONS, null, null, statement.bytes),
        dryRun: true,
      };
    const scored = await publisher.scoreInWarehouse({
      selectSql: statement.sql,
      entityType: featureSetOf(model.artifact).entityType,
      model: model.name,
      kind: model.artifact.kind,
      modelVersion: String(model.version),
      scoredAt: options.scoredAt,
    });
    return tally(publisher.name, entry, FEATURES_FROM_RELATIONS, null, scored, statement.bytes);
  });
}

/** `scorebridge features --export`: loads every promoted lead/churn model's features into the warehouse. */
export function exportFeatureTables(
  fe: FeatureEngine,
  context: WarehouseContext,
  options: {
    readonly asOf: string;
    readonly connectors?: readonly string[];
    readonly models?: readonly string[];
    /** Compile every statement and check the tables it reads, but run nothing in the warehouse. */
    readonly dryRun?: boolean;
    /** Asked per connector before anything runs there; false skips the connector (a safety gate held it). */
    readonly mayWrite?: (connector: string, models: readonly string[]) => boolean;
    /** Told after a connector's statements all ran. */
    readonly written?: (connector: string, models: readonly string[]) => void;
  },
): Promise<InWarehouseTally[]> {
  const cutoffMs = parseCutoff(options.asOf, '--as-of');
  return eachWarehouseModel(context, options, async (publisher, naming, entry) => {
    const table = defaultFeatureTable(entry.spec.name);
    const exported = await exportFeatures(fe, publisher, naming, entry.model, table, cutoffMs);
    return tally(publisher.name, entry, table, exported, null, null);
  });
}

function tally(
  connector: string,
  entry: InWarehouseModel,
  table: string,
  exported: WarehouseJobResult | null,
  scored: WarehouseJobResult | null,
  statementBytes: number | null,
): InWarehouseTally {
  return {
    connector,
    model: entry.spec.name,
    version: String(entry.model.version),
    table,
    exported: exported?.rows ?? null,
    rows: scored?.rows ?? 0,
    requests: (exported?.requests ?? 0) + (scored?.requests ?? 0),
    statementBytes,
  };
}

/** `scorebridge features --ddl`: the CREATE TABLE a data team's job must fill for the model. */
export async function featureTableDdlFor(
  context: WarehouseContext,
  connector: string,
  modelName: string,
): Promise<string> {
  const [name] = inWarehouseConnectors(context, [connector]);
  const config = context.connectors[name!]!;
  const [entry] = promotedBinaryModels(context.registry, context.specs, [modelName]);
  if (!entry)
    throw new Error(
      `no promoted lead or churn model named "${modelName}": train it first (\`scorebridge train\`), or check scoring.models`,
    );
  const publisher = (context.openPublisher ?? createScorePublisher)(name!, config);
  if (!publisher) throw new Error(`connector "${connector}" cannot hold tables`);
  try {
    const naming = warehouseNaming(config);
    const table = configuredFeatureTable(config, modelName) ?? defaultFeatureTable(modelName);
    return `${featureTableDdl(entry.model, {
      dialect: naming.dialect,
      table: publisher.featureTablePath(table),
      idColumns: [naming.entityIdColumn],
      columnName: naming.columnName,
    })};`;
  } finally {
    await publisher.close();
  }
}

/**
 * `scorebridge features --dbt`: the generated SQL of a warehouse connector as a dbt folder, from
 * its streams (their columns are read from the warehouse) or its configured relations.
 */
export async function dbtProjectFor(
  context: WarehouseContext,
  connector: string,
  featureSets: Readonly<Record<EntityType, FeatureSet>>,
): Promise<DbtFile[]> {
  const [name] = inWarehouseConnectors(context, [connector]);
  const config = context.connectors[name!]!;
  const publisher = (context.openPublisher ?? createScorePublisher)(name!, config);
  if (!publisher) throw new Error(`connector "${connector}" cannot hold tables`);
  try {
    const relations = await warehouseRelations(name!, config, publisher);
    return dbtProject({
      relations,
      naming: warehouseNaming(config),
      featureSets,
      models: promotedBinaryModels(context.registry, context.specs),
    });
  } finally {
    await publisher.close();
  }
}
