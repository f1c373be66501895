import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import type {
  FeatureTableRow,
  ScorePublisher,
  WarehouseJobResult,
} from '../../core/warehouse/scores-table.ts';
import { featurePages } from '../../scoring/features/build.ts';
import { featureNames } from '../../scoring/features/definition.ts';
import { featureSetByName } from '../../scoring/features/feature-sets.ts';
import { populationFor } from '../../scoring/labels/populations.ts';
import type { FeatureColumn, SqlScoringModel } from '../../scoring/sql/index.ts';
import { featureColumnsFor, type WarehouseNaming } from './in-warehouse-models.ts';

/**
 * The model's feature rows as of `cutoffMs`, by the same code and population as in-process batch
 * scoring (scoreBinaryModel), keyed by the warehouse's column names.
 */
export async function* featureRows(
  store: CanonicalStore,
  model: SqlScoringModel,
  columns: readonly FeatureColumn[],
  entityIdColumn: string,
  cutoffMs: number,
  pageSize = 1000,
): AsyncIterable<FeatureTableRow[]> {
  const featureSet = featureSetByName(model.artifact.featureSet);
  const names = featureNames(featureSet);
  const sourceIndex = columns.map((column) => {
    const at = names.indexOf(column.feature);
    if (at < 0)
      throw new Error(
        `model ${model.name} v${model.version} reads feature "${column.feature}", which feature set ${model.artifact.featureSet} no longer computes; retrain the model`,
      );
    return at;
  });
  const pages = featurePages(store, featureSet, cutoffMs, {
    pageSize,
    include: populationFor(model.artifact.kind),
  });
  for await (const page of pages) {
    yield page.rows.map((values, i) => {
      const row: Record<string, unknown> = { [entityIdColumn]: page.snapshots[i]!.id };
      columns.forEach((column, j) => {
        row[column.column] = values[sourceIndex[j]!];
      });
      return row;
    });
  }
}

/** Computes the model's features in process and (re)loads them into `table` in the warehouse. */
export async function exportFeatures(
  store: CanonicalStore,
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
    featureRows(store, model, columns, naming.entityIdColumn, cutoffMs),
  );
}
