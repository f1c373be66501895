import { quoteTablePath, type SqlDialect, type SqlDialectName, sqlDialect } from './dialects.ts';
import { logisticTerms } from './linear-sql.ts';
import { floatLiteral, stringLiteral } from './literals.ts';
import {
  type ColumnNaming,
  type FeatureColumn,
  featureTableColumns,
  type SqlScoringModel,
} from './model-input.ts';
import {
  calibrationSteps,
  percentileTierSql,
  rawProbabilitySql,
  type SqlStep,
  scoreSql,
  tierSql,
} from './probability-sql.ts';
import { type FeatureInput, treeExpressions } from './tree-sql.ts';

export interface CompileScoringOptions {
  readonly dialect: SqlDialectName | SqlDialect;
  /** "dataset.table", "project.dataset.table", or its parts (each part is quoted on its own). */
  readonly featureTable: string | readonly string[];
  /** Columns copied to the output unchanged, e.g. ['entity_id']. Quoted exactly as given. */
  readonly idColumns: readonly string[];
  /** Feature name → column name (default: the same); e.g. upper-case for unquoted Snowflake tables. */
  readonly columnName?: ColumnNaming;
  /** Terms added per CTE, which bounds expression nesting for large ensembles (default 16). */
  readonly termsPerStage?: number;
}

/** Output columns after the id columns. */
export const SCORING_OUTPUT_COLUMNS = ['model', 'model_version', 'probability', 'score', 'tier'] as const;

const RESERVED_PREFIX = 'sb_';

interface Margin {
  readonly start: string;
  readonly terms: readonly string[];
  /** From the running sum column to the margin. */
  readonly finish: (sum: string) => string;
  readonly link: 'identity' | 'logit';
}

function marginOf(model: SqlScoringModel, inputs: readonly FeatureInput[]): Margin {
  const { learner } = model.artifact;
  if (learner.type === 'logistic') {
    return {
      start: floatLiteral(learner.model.intercept),
      terms: logisticTerms(learner.model, inputs),
      finish: (sum) => sum,
      link: 'logit',
    };
  }
  const { ensemble } = learner;
  const trees = treeExpressions(ensemble, inputs);
  // predict.ts sums trees from 0 in model order, then applies base + scale * sum; 0 + t0 is t0.
  return {
    start: trees[0] ?? '0e0',
    terms: trees.slice(1),
    finish: (sum) => `${floatLiteral(ensemble.baseScore)} + ${floatLiteral(ensemble.scale)} * ${sum}`,
    link: ensemble.link,
  };
}

/**
 * Numbers are read as doubles (no integer division, same comparisons as in process); labels become
 * their dictionary code, and a label the model never saw becomes NULL, as RowEncoder makes it NaN.
 */
function inputColumnSql(dialect: SqlDialect, column: FeatureColumn): string {
  const value = `CAST(${dialect.quoteIdentifier(column.column)} AS ${column.sqlType})`;
  if (column.kind === 'numeric') return value;
  if (column.labels.length === 0) return `CAST(NULL AS ${dialect.integerType})`;
  const arms = column.labels.map((label, code) => `WHEN ${stringLiteral(label, dialect)} THEN ${code}`);
  return `CASE ${value} ${arms.join(' ')} END`;
}

function checkIdColumns(idColumns: readonly string[], where: string): void {
  const seen = new Set<string>();
  for (const id of idColumns) {
    if (id.length === 0) throw new Error(`${where}: idColumns holds an empty name`);
    if (
      id.toLowerCase().startsWith(RESERVED_PREFIX) ||
      (SCORING_OUTPUT_COLUMNS as readonly string[]).includes(id)
    )
      throw new Error(
        `${where}: id column "${id}" clashes with the query's own columns (${SCORING_OUTPUT_COLUMNS.join(', ')}, ${RESERVED_PREFIX}*); alias it in a view first`,
      );
    if (seen.has(id)) throw new Error(`${where}: id column "${id}" is listed twice`);
    seen.add(id);
  }
}

/** The tier: the model's rule from the config (fixed bands or percentiles of the rows scored), else its stored bands. */
function tierColumnSql(
  model: SqlScoringModel,
  dialect: SqlDialect,
  probability: string,
  score: string,
  ids: readonly string[],
): string {
  const rule = model.tiers;
  if (rule?.by === 'percentile') return percentileTierSql(dialect, probability, ids, rule.shares);
  return tierSql(dialect, score, rule?.bands ?? model.artifact.bands);
}

/**
 * The SELECT that scores every row of a feature table inside the warehouse: the id columns, the
 * model name and version, the calibrated probability, the 0–100 score and the tier, computed with
 * the same arithmetic, in the same order, as BinaryScorer.probabilityOfRow and scoreAndTier.
 */
export function compileScoringQuery(model: SqlScoringModel, options: CompileScoringOptions): string {
  const dialect = sqlDialect(options.dialect);
  const where = `model ${model.name} v${model.version} (${dialect.name})`;
  const { ctes, select } = compileScoringQueryParts(model, options);
  const sql = `WITH ${ctes.join(',\n')}\n${select}`;
  const bytes = Buffer.byteLength(sql, 'utf8');
  if (dialect.maxQueryBytes !== null && bytes > dialect.maxQueryBytes)
    throw new Error(
      `${where}: the compiled query is ${Math.ceil(bytes / 1024)} KB, over ${dialect.name}'s ${dialect.maxQueryBytes / 1024} KB limit; train fewer or shallower trees, or score this model in process`,
    );
  return sql;
}

/**
 * compileScoringQuery as its CTEs and final SELECT, for a statement that defines the feature rows
 * itself: `featureTable` may then name a CTE defined before these (quoted as the dialect quotes it).
 * The caller checks the whole statement against the warehouse's size limit.
 */
export function compileScoringQueryParts(
  model: SqlScoringModel,
  options: CompileScoringOptions,
): { readonly ctes: readonly string[]; readonly select: string } {
  const dialect = sqlDialect(options.dialect);
  const where = `model ${model.name} v${model.version} (${dialect.name})`;
  checkIdColumns(options.idColumns, where);
  const q = (name: string) => dialect.quoteIdentifier(name);
  const columns = featureTableColumns(model, {
    dialect: dialect.name,
    ...(options.columnName ? { columnName: options.columnName } : {}),
  });
  const ids = options.idColumns.map(q);
  const featureAliases = columns.map((_, j) => q(`${RESERVED_PREFIX}f${j}`));
  const inputs: FeatureInput[] = columns.map((column, j) => ({ sql: featureAliases[j]!, kind: column.kind }));
  const ctes: string[] = [];
  const select = (parts: readonly string[], from: string) => `SELECT ${parts.join(', ')} FROM ${from}`;
  const casts = columns.map((column, j) => `${inputColumnSql(dialect, column)} AS ${featureAliases[j]}`);
  ctes.push(
    `${q('sb_input')} AS (${select([...ids, ...casts], quoteTablePath(dialect, options.featureTable))})`,
  );

  const margin = marginOf(model, inputs);
  const perStage = Math.max(1, options.termsPerStage ?? 16);
  const sum = q('sb_sum');
  let previous = 'sb_input';
  for (let at = 0, stage = 0; at === 0 || at < margin.terms.length; stage++) {
    const chunk = margin.terms.slice(at, at + perStage);
    const head = at === 0 ? margin.start : sum;
    const expression = [head, ...chunk].join(' + ');
    const name = `sb_sum_${stage}`;
    ctes.push(
      `${q(name)} AS (${select([...ids, ...featureAliases, `${expression} AS ${sum}`], q(previous))})`,
    );
    previous = name;
    at += Math.max(1, chunk.length);
  }

  const steps: SqlStep[] = [
    { column: 'sb_margin', expression: (s) => margin.finish(s) },
    { column: 'sb_raw', expression: (z) => rawProbabilitySql(dialect, margin.link, z) },
    ...calibrationSteps(dialect, model.artifact.calibrator),
  ];
  let last = 'sb_sum';
  for (const step of steps) {
    ctes.push(
      `${q(step.column)} AS (${select([...ids, `${step.expression(q(last))} AS ${q(step.column)}`], q(previous))})`,
    );
    previous = step.column;
    last = step.column;
  }
  const probability = q(last);
  ctes.push(
    `${q('sb_scored')} AS (${select([...ids, `${probability} AS ${q('sb_probability')}`, `${scoreSql(dialect, `${probability} * 100e0`)} AS ${q('sb_score')}`], q(previous))})`,
  );
  const out = dialect.outputName;
  const outputs = [
    ...ids,
    `${stringLiteral(model.name, dialect)} AS ${out('model')}`,
    `${stringLiteral(String(model.version), dialect)} AS ${out('model_version')}`,
    `${q('sb_probability')} AS ${out('probability')}`,
    `${q('sb_score')} AS ${out('score')}`,
    `${tierColumnSql(model, dialect, q('sb_probability'), q('sb_score'), ids)} AS ${out('tier')}`,
  ];
  return { ctes, select: select(outputs, q('sb_scored')) };
}
