import type { AnalyticsEngine, ColumnValues } from '../../../core/store/analytics/engine.ts';
import type { FeaturePlan } from '../plan/ir.ts';
import type { RawTable } from '../raw-table.ts';
import { compileFeatureQuery, type QueryExtras } from '../sql/compile.ts';
import type { FeatureDialect } from '../sql/dialect.ts';
import { duckDbFeatures } from '../sql/dialects/duckdb.ts';

/** An analytical engine and the SQL dialect features are compiled to for it. */
export interface FeatureEngine {
  readonly engine: AnalyticsEngine;
  readonly dialect: FeatureDialect;
}

export function featureEngine(engine: AnalyticsEngine): FeatureEngine {
  return { engine, dialect: duckDbFeatures };
}

/** Feature rows of some targets, a few thousand at a time, as one query streams them. */
export interface FeatureBatch {
  readonly rowCount: number;
  readonly rowIds: Float64Array;
  readonly entityIds: readonly string[];
  /** The pass-through columns of the targets, by name. */
  readonly extras: Readonly<Record<string, ColumnValues>>;
  /** The features, in plan order. */
  readonly table: RawTable;
}

/**
 * Streams the features of every row of `targets` (a table with row_id, entity_id, cutoff_ms and the
 * pass-through columns) in column batches. `ordered` sorts by row_id, for reproducible training.
 */
export async function* featureBatches(
  fe: FeatureEngine,
  plan: FeaturePlan,
  targets: string,
  options: {
    readonly passThrough?: readonly string[];
    readonly ordered?: boolean;
    /** Extra per-row facts; their output names follow `AS` in each column. */
    readonly extras?: QueryExtras;
  } = {},
): AsyncIterable<FeatureBatch> {
  const extraNames = (options.extras?.columns ?? []).map((column) =>
    column
      .split(/\s+AS\s+/i)
      .pop()!
      .trim(),
  );
  const passThrough = [...(options.passThrough ?? []), ...extraNames];
  const sql = compileFeatureQuery(plan, {
    dialect: fe.dialect,
    targets,
    passThrough: options.passThrough ?? [],
    ...(options.extras ? { extras: options.extras } : {}),
  });
  const featureNames = plan.features.map((f) => f.name);
  const categorical = plan.features.map((f) => f.type === 'categorical');
  const first = 2 + passThrough.length;
  for await (const batch of fe.engine.columns(options.ordered ? `${sql}\nORDER BY t.row_id` : sql)) {
    const features = batch.columns.slice(first);
    yield {
      rowCount: batch.rowCount,
      rowIds: batch.columns[0] as Float64Array,
      entityIds: batch.columns[1] as (string | null)[] as string[],
      extras: Object.fromEntries(passThrough.map((name, i) => [name, batch.columns[2 + i]!])),
      table: {
        featureNames,
        categorical,
        nRows: batch.rowCount,
        numbers: features.map((column, j) => (categorical[j] ? null : (column as Float64Array))),
        texts: features.map((column, j) => (categorical[j] ? (column as (string | null)[]) : null)),
      },
    };
  }
}

/** Tables joined end to end (same features, in the same order). */
export function concatTables(
  tables: readonly RawTable[],
  template: Pick<RawTable, 'featureNames' | 'categorical'>,
): RawTable {
  const nRows = tables.reduce((total, t) => total + t.nRows, 0);
  const numbers = template.categorical.map((isCategory, j) => {
    if (isCategory) return null;
    const out = new Float64Array(nRows);
    let offset = 0;
    for (const table of tables) {
      out.set(table.numbers[j]!, offset);
      offset += table.nRows;
    }
    return out;
  });
  const texts = template.categorical.map((isCategory, j) =>
    isCategory ? tables.flatMap((table) => table.texts[j]!) : null,
  );
  return { featureNames: template.featureNames, categorical: template.categorical, nRows, numbers, texts };
}

/** Some columns of a table under the names a model knows them by (a merged plan may rename). */
export function projectTable(
  table: RawTable,
  columns: readonly number[],
  names: readonly string[],
): RawTable {
  return {
    featureNames: names,
    categorical: columns.map((j) => table.categorical[j]!),
    nRows: table.nRows,
    numbers: columns.map((j) => table.numbers[j]!),
    texts: columns.map((j) => table.texts[j]!),
  };
}
