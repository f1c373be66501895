export {
  type CompileScoringOptions,
  compileScoringQuery,
  compileScoringQueryParts,
  SCORING_OUTPUT_COLUMNS,
} from './compile-query.ts';
export {
  bigQueryDialect,
  duckDbDialect,
  quoteTablePath,
  type SqlDialect,
  type SqlDialectName,
  snowflakeDialect,
  sqlDialect,
  sqlDialectNames,
  sqliteDialect,
} from './dialects.ts';
export { featureTableDdl } from './feature-table-ddl.ts';
export { floatLiteral, stringLiteral } from './literals.ts';
export {
  type ColumnNaming,
  type FeatureColumn,
  featureTableColumns,
  type SqlScoringModel,
  sqlModelFromRecord,
} from './model-input.ts';
