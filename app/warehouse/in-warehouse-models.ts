import type { ConnectorConfig } from '../../connectors/registry.ts';
import { type ModelSpec, trainingOrder } from '../../scoring/models/model-specs.ts';
import type { ModelRegistry } from '../../scoring/registry/model-registry.ts';
import {
  type ColumnNaming,
  type FeatureColumn,
  featureTableColumns,
  type SqlScoringModel,
  sqlModelFromRecord,
} from '../../scoring/sql/index.ts';

export type WarehouseDialect = 'bigquery' | 'snowflake';

/** A promoted lead or churn model, ready to compile. */
export interface InWarehouseModel {
  readonly spec: ModelSpec;
  readonly model: SqlScoringModel;
}

/** How a warehouse names things: Snowflake folds unquoted names to upper case, so its columns are upper-case (a dbt model's plain columns match). */
export interface WarehouseNaming {
  readonly dialect: WarehouseDialect;
  readonly entityIdColumn: string;
  readonly columnName: ColumnNaming;
}

export function warehouseNaming(config: ConnectorConfig): WarehouseNaming {
  if (config.type === 'bigquery')
    return { dialect: 'bigquery', entityIdColumn: 'entity_id', columnName: (feature) => feature };
  if (config.type === 'snowflake')
    return {
      dialect: 'snowflake',
      entityIdColumn: 'ENTITY_ID',
      columnName: (feature) => feature.toUpperCase(),
    };
  throw new Error(
    `connector type "${config.type}" is not a warehouse: in-warehouse scoring needs bigquery or snowflake`,
  );
}

export function featureColumnsFor(model: SqlScoringModel, naming: WarehouseNaming): FeatureColumn[] {
  return featureTableColumns(model, { dialect: naming.dialect, columnName: naming.columnName });
}

/** Where scorebridge exports a model's features when no table is configured. */
export function defaultFeatureTable(model: string): string {
  return `scorebridge_features_${model}`;
}

/** The table the data team maintains for this model, when `inWarehouse.featureTables` names one. */
export function configuredFeatureTable(config: ConnectorConfig, model: string): string | null {
  if (config.type !== 'bigquery' && config.type !== 'snowflake') return null;
  return config.inWarehouse?.featureTables[model] ?? null;
}

/**
 * Every enabled lead and churn spec with a promoted version (LTV and NBA have no SQL compiler);
 * `only` narrows to some model names.
 */
export function promotedBinaryModels(
  registry: ModelRegistry,
  specs: readonly ModelSpec[],
  only?: readonly string[],
): InWarehouseModel[] {
  const out: InWarehouseModel[] = [];
  for (const spec of trainingOrder(specs)) {
    if (spec.kind !== 'lead' && spec.kind !== 'churn') continue;
    if (only && !only.includes(spec.name)) continue;
    const record = registry.promoted(spec.name);
    if (record) out.push({ spec, model: sqlModelFromRecord(record, spec.tiers) });
  }
  return out;
}

/**
 * Problems with an existing feature table, each naming the table and column, so a dbt model can be
 * fixed without reading scorebridge's code. Extra columns are fine.
 */
export function featureTableProblems(
  table: string,
  found: readonly string[] | null,
  required: readonly { readonly column: string; readonly sqlType: string }[],
  dialect: WarehouseDialect,
): string[] {
  if (found === null) return [`feature table ${table} does not exist`];
  // BigQuery column names are case-insensitive; Snowflake's quoted names are exact.
  const key = (name: string) => (dialect === 'bigquery' ? name.toLowerCase() : name);
  const present = new Set(found.map(key));
  return required
    .filter((column) => !present.has(key(column.column)))
    .map((column) => `feature table ${table} has no column ${column.column} (${column.sqlType})`);
}
