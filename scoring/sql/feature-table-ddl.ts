import { quoteTablePath, type SqlDialectName, sqlDialect } from './dialects.ts';
import { type ColumnNaming, featureTableColumns, type SqlScoringModel } from './model-input.ts';

/**
 * CREATE TABLE for a model's feature table: the id columns (as text) and one column per feature,
 * named and quoted exactly as compileScoringQuery will read them.
 */
export function featureTableDdl(
  model: SqlScoringModel,
  options: {
    readonly dialect: SqlDialectName;
    readonly table: string | readonly string[];
    readonly idColumns: readonly string[];
    readonly columnName?: ColumnNaming;
  },
): string {
  const dialect = sqlDialect(options.dialect);
  const q = (name: string) => dialect.quoteIdentifier(name);
  const columns = featureTableColumns(model, {
    dialect: options.dialect,
    ...(options.columnName ? { columnName: options.columnName } : {}),
  });
  const definitions = [
    ...options.idColumns.map((id) => `${q(id)} ${dialect.stringType}`),
    ...columns.map((column) => `${q(column.column)} ${column.sqlType}`),
  ];
  return `CREATE TABLE ${quoteTablePath(dialect, options.table)} (\n  ${definitions.join(',\n  ')}\n)`;
}
