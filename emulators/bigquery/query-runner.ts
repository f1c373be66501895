import type { DuckDBConnection, DuckDBMaterializedResult, DuckDBValue } from '@duckdb/node-api';
import type { Catalog, TableRef } from './catalog.ts';
import { BigQueryApiError, fromEngineError } from './errors.ts';
import { fieldFromDuckdb, quoteIdent, type TableField } from './field-types.ts';
import { planParameters, type QueryParameter } from './sql/parameters.ts';
import { type TranslatedStatement, translateQuery } from './sql/translate.ts';

export interface QueryRequest {
  readonly projectId: string;
  readonly query: string;
  readonly queryParameters?: QueryParameter[];
  readonly parameterMode?: string;
  readonly defaultDataset?: { projectId?: string; datasetId: string };
  readonly useLegacySql?: boolean;
}

export interface DmlStats {
  insertedRowCount: number;
  updatedRowCount: number;
  deletedRowCount: number;
}

export interface QueryOutcome {
  readonly statementType: string;
  readonly fields: TableField[];
  readonly rows: DuckDBValue[][];
  readonly dml: DmlStats | null;
}

/** Runs a GoogleSQL request on DuckDB; a script's result is its last statement's. */
export async function runQuery(
  db: DuckDBConnection,
  catalog: Catalog,
  request: QueryRequest,
): Promise<QueryOutcome> {
  if (request.useLegacySql === true) {
    throw new BigQueryApiError(
      'invalidQuery',
      'Legacy SQL is not supported; send useLegacySql: false.',
      'query',
    );
  }
  const plan = planParameters(request.queryParameters ?? [], request.parameterMode);
  const statements = translateQuery(request.query, plan);
  if (statements.length === 0)
    throw new BigQueryApiError('invalidQuery', 'Syntax error: Unexpected end of script', 'query');
  const defaults = request.defaultDataset;
  const defaultProject = defaults?.projectId ?? request.projectId;
  if (defaults) catalog.datasetResource(defaultProject, defaults.datasetId);
  await db.run(
    defaults
      ? `USE ${quoteIdent(defaultProject)}.${quoteIdent(defaults.datasetId)}`
      : `USE ${quoteIdent(request.projectId)}`,
  );
  let outcome: QueryOutcome | null = null;
  for (const statement of statements) {
    const bindings = usedBindings(statement.sql, plan.bindings);
    try {
      outcome = await runStatement(db, statement, bindings);
    } catch (error) {
      throw fromEngineError(error, request.query);
    }
    afterDdl(catalog, statement, defaultProject, defaults?.datasetId);
  }
  return statements.length > 1 ? { ...outcome!, statementType: 'SCRIPT' } : outcome!;
}

async function runStatement(
  db: DuckDBConnection,
  statement: TranslatedStatement,
  bindings: ReturnType<typeof usedBindings>,
): Promise<QueryOutcome> {
  const none = { fields: [], rows: [], dml: null };
  switch (statement.type) {
    case 'MERGE': {
      // RETURNING merge_action tells inserted from updated rows, which jobs report in dmlStats.
      const result = await db.run(`${statement.sql} RETURNING merge_action`, bindings);
      const dml = { insertedRowCount: 0, updatedRowCount: 0, deletedRowCount: 0 };
      for (const [action] of await result.getRows()) {
        if (action === 'INSERT') dml.insertedRowCount++;
        else if (action === 'UPDATE') dml.updatedRowCount++;
        else if (action === 'DELETE') dml.deletedRowCount++;
      }
      return { ...none, statementType: 'MERGE', dml };
    }
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE': {
      const changed = (await db.run(statement.sql, bindings)).rowsChanged;
      const dml = { insertedRowCount: 0, updatedRowCount: 0, deletedRowCount: 0 };
      if (statement.type === 'INSERT') dml.insertedRowCount = changed;
      else if (statement.type === 'UPDATE') dml.updatedRowCount = changed;
      else dml.deletedRowCount = changed;
      return { ...none, statementType: statement.type, dml };
    }
    case 'SELECT': {
      const result = await db.run(statement.sql, bindings);
      return {
        statementType: 'SELECT',
        fields: resultFields(result),
        rows: await result.getRows(),
        dml: null,
      };
    }
    default:
      await db.run(statement.sql, bindings);
      return { ...none, statementType: statement.type };
  }
}

function resultFields(result: DuckDBMaterializedResult): TableField[] {
  const types = result.columnTypes();
  return result.columnNames().map((name, index) => {
    const type = types[index]!;
    return fieldFromDuckdb(name, type.alias === 'JSON' ? 'JSON' : type.toString(), true);
  });
}

/** DuckDB rejects bindings a statement does not use, and a script's statements use different ones. */
function usedBindings(sql: string, bindings: ReturnType<typeof planParameters>['bindings']) {
  if (Array.isArray(bindings)) return bindings.length > 0 ? bindings : undefined;
  const used = Object.entries(bindings).filter(([name]) => new RegExp(`\\$${name}\\b`).test(sql));
  return used.length > 0 ? Object.fromEntries(used) : undefined;
}

function afterDdl(
  catalog: Catalog,
  statement: TranslatedStatement,
  projectId: string,
  datasetId?: string,
): void {
  const resolve = (parts: readonly string[]): TableRef | null => {
    const [a, b, c] = parts;
    if (parts.length === 3) return { projectId: a!, datasetId: b!, tableId: c! };
    if (parts.length === 2) return { projectId, datasetId: a!, tableId: b! };
    return datasetId && a ? { projectId, datasetId, tableId: a } : null;
  };
  if (statement.table) {
    const ref = resolve(statement.table.nameParts);
    const { partitionField, clusterFields } = statement.table;
    if (ref) {
      catalog.registerTable(ref, {
        timePartitioning: partitionField ? { type: 'DAY', field: partitionField } : undefined,
        clustering: clusterFields.length > 0 ? { fields: [...clusterFields] } : undefined,
      });
    }
  }
  if (statement.dropped) {
    const ref = resolve(statement.dropped);
    if (ref) catalog.forgetTable(ref);
  }
}
