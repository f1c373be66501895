import type { BinaryModelArtifact } from '../models/binary-artifact.ts';
import { parseBinaryArtifact } from '../models/binary-artifact.ts';
import type { ModelRecord } from '../registry/model-registry.ts';
import type { TierRule } from '../tiers/tier-rule.ts';
import { type SqlDialectName, sqlDialect } from './dialects.ts';

/** A lead or churn model as the registry holds it: the version is written into every scored row. */
export interface SqlScoringModel {
  readonly name: string;
  readonly version: string | number;
  readonly artifact: BinaryModelArtifact;
  /** The model's own tier rule from the config; absent: the bands stored with the model. */
  readonly tiers?: TierRule;
}

export function sqlModelFromRecord(record: ModelRecord, tiers?: TierRule): SqlScoringModel {
  return {
    name: record.name,
    version: record.version,
    artifact: parseBinaryArtifact(record.artifact, `model ${record.name} v${record.version}`),
    ...(tiers ? { tiers } : {}),
  };
}

/** Maps a model feature name to the column that holds it (default: the same name). */
export type ColumnNaming = (feature: string) => string;

export interface FeatureColumn {
  /** The model's feature name. */
  readonly feature: string;
  /** The column in the feature table. */
  readonly column: string;
  /** Numeric: a finite number or NULL. Categorical: the category label as text or NULL. */
  readonly kind: 'numeric' | 'categorical';
  readonly sqlType: string;
  /** Category labels the model knows, index = the in-process code (empty for numeric features). */
  readonly labels: readonly string[];
}

function learnerCategorical(artifact: BinaryModelArtifact): readonly boolean[] {
  return artifact.learner.type === 'tree'
    ? artifact.learner.ensemble.categorical
    : artifact.learner.model.categorical;
}

function learnerFeatureNames(artifact: BinaryModelArtifact): readonly string[] {
  return artifact.learner.type === 'tree'
    ? artifact.learner.ensemble.featureNames
    : artifact.learner.model.featureNames;
}

/**
 * The feature table a compiled model reads: one column per model feature, in model order. A caller
 * materialises it (features computed in process and loaded, or by its own SQL), with NULL for
 * every missing value: NaN and infinities must be loaded as NULL, as the in-process features are.
 */
export function featureTableColumns(
  model: SqlScoringModel,
  options: { readonly dialect?: SqlDialectName; readonly columnName?: ColumnNaming } = {},
): FeatureColumn[] {
  const dialect = sqlDialect(options.dialect ?? 'bigquery');
  const { artifact } = model;
  const where = `model ${model.name} v${model.version}`;
  const learnerNames = learnerFeatureNames(artifact);
  if (learnerNames.join('\u0000') !== artifact.featureNames.join('\u0000'))
    throw new Error(
      `${where}: the learner's features differ from the artifact's featureNames; retrain the model`,
    );
  const categorical = learnerCategorical(artifact);
  const naming = options.columnName ?? ((feature: string) => feature);
  const columns = artifact.featureNames.map((feature, j): FeatureColumn => {
    const labels = artifact.dictionary[feature];
    if ((labels !== undefined) !== (categorical[j] === true))
      throw new Error(
        `${where}: feature "${feature}" is ${categorical[j] ? 'categorical' : 'numeric'} in the learner but ${labels ? 'has' : 'has no'} category dictionary; retrain the model`,
      );
    return {
      feature,
      column: naming(feature),
      kind: labels ? 'categorical' : 'numeric',
      sqlType: labels ? dialect.stringType : dialect.floatType,
      labels: labels ?? [],
    };
  });
  const seen = new Map<string, string>();
  for (const column of columns) {
    const previous = seen.get(column.column);
    if (previous !== undefined)
      throw new Error(
        `${where}: features "${previous}" and "${column.feature}" map to the same column "${column.column}"`,
      );
    seen.set(column.column, column.feature);
  }
  return columns;
}
