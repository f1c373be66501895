import type {
  FeatureTableRow,
  ScorePublisher,
  WarehouseJobResult,
} from '../../core/warehouse/scores-table.ts';
import { featureNames, featureSetOf } from '../../scoring/features/feature-set.ts';
import { type FeatureEngine, featureBatches } from '../../scoring/features/rows/feature-engine.ts';
import { targetsSql } from '../../scoring/features/sql/populations.ts';
import type { FeatureColumn, SqlScoringModel } from '../../scoring/sql/index.ts';
import { featureColumnsFor, type WarehouseNaming } from './in-warehouse-models.ts';

const TARGETS = 'sb_export_targets';

/**
 * The model's feature rows as of `cutoffMs`, by the same query and population as batch scoring,
 * keyed by the warehouse's column names.
 */
export async function* featureRows(
  fe: FeatureEngine,
  model: SqlScoringModel,
  columns: readonly FeatureColumn[],
  entityIdColumn: string,
  cutoffMs: number,
): AsyncIterable<FeatureTableRow[]> {
  const featureSet = featureSetOf(model.artifact);
  const names = featureNames(featureSet);
  const sourceIndex = columns.map((column) => {
    const at = names.indexOf(column.feature);
    if (at < 0)
      throw new Error(
        `model ${model.name} v${model.version} reads feature "${column.feature}", which feature set ${model.artifact.featureSet} no longer computes; retrain the model`,
      );
    return at;
  });
  await fe.engine.exec(
    `CREATE OR REPLACE TEMP TABLE ${TARGETS} AS ${targetsSql(fe.dialect, { kind: model.artifact.kind, cutoffs: [cutoffMs] })}`,
  );
  for await (const batch of featureBatches(fe, featureSet.plan, TARGETS)) {
    const { table } = batch;
    yield Array.from({ length: batch.rowCount }, (_, i) => {
      const row: Record<string, unknown> = { [entityIdColumn]: batch.entityIds[i] };
      columns.forEach((column, j) => {
        const at = sourceIndex[j]!;
        row[column.column] = table.numbers[at] ? table.numbers[at]![i] : table.texts[at]![i];
      });
      return row;
    });
  }
  await fe.engine.exec(`DROP TABLE IF EXISTS ${TARGETS}`);
}

/** Computes the model's features on the embedded engine and (re)loads them into `table` in the warehouse. */
export async function exportFeatures(
  fe: FeatureEngine,
  publisher: ScorePublisher,
  naming: WarehouseNaming,
  model: SqlScoringModel,
  table: string,
  cutoffMs: number,
): Promise<WarehouseJobResult> {
  const columns = featureColumnsFor(model, naming);
  return publisher.loadFeatureTable(
    table,
    columns.map(({ column, sqlType, kind }) => ({ column, sqlType, kind })),
    [naming.entityIdColumn],
    featureRows(fe, model, columns, naming.entityIdColumn, cutoffMs),
  );
}
