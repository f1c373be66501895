import type { DuckDBValue } from '@duckdb/node-api';
import { tablePath } from '../catalog.ts';
import { BigQueryApiError, notFound } from '../errors.ts';
import type { TableField } from '../field-types.ts';
import { appendRows, encodeRow } from '../row-codec.ts';
import { wireRow } from '../wire-values.ts';
import { jsonBody } from './request.ts';
import { type EmulatorState, type Handler, type RouteParams, route } from './routes.ts';

const tableRef = (params: RouteParams) => ({
  projectId: params.project,
  datasetId: params.dataset,
  tableId: params.table,
});

export function assertProject(state: EmulatorState, projectId: string): void {
  if (!state.projectIds.has(projectId)) throw notFound(`Project ${projectId}`);
}

const insertDataset: Handler = async (state, request, params) => {
  assertProject(state, params.project);
  const body = jsonBody(request);
  const reference = body.datasetReference as { datasetId?: string } | undefined;
  if (!reference?.datasetId)
    throw new BigQueryApiError('required', 'Required parameter is missing: datasetReference.datasetId');
  const location = typeof body.location === 'string' ? body.location : state.defaultLocation;
  return {
    body: await state.engine.exclusive((db) =>
      state.catalog.createDataset(db, params.project, reference.datasetId!, location),
    ),
  };
};

const getDataset: Handler = async (state, _request, params) => {
  assertProject(state, params.project);
  return { body: state.catalog.datasetResource(params.project, params.dataset) };
};

const insertTable: Handler = async (state, request, params) => {
  assertProject(state, params.project);
  const body = jsonBody(request);
  const reference = body.tableReference as { tableId?: string } | undefined;
  if (!reference?.tableId)
    throw new BigQueryApiError('required', 'Required parameter is missing: tableReference.tableId');
  const ref = { ...tableRef(params), tableId: reference.tableId };
  return { body: await state.engine.exclusive((db) => state.catalog.createTable(db, ref, body)) };
};

const getTable: Handler = async (state, _request, params) => {
  assertProject(state, params.project);
  return { body: await state.engine.exclusive((db) => state.catalog.tableResource(db, tableRef(params))) };
};

const deleteTable: Handler = async (state, _request, params) => {
  assertProject(state, params.project);
  await state.engine.exclusive((db) => state.catalog.deleteTable(db, tableRef(params)));
  return { status: 204, body: null };
};

const patchTable: Handler = async (state, request, params) => {
  assertProject(state, params.project);
  const fields = (jsonBody(request).schema as { fields?: TableField[] } | undefined)?.fields;
  return {
    body: await state.engine.exclusive((db) =>
      fields
        ? state.catalog.patchSchema(db, tableRef(params), fields)
        : state.catalog.tableResource(db, tableRef(params)),
    ),
  };
};

/**
 * tabledata.insertAll. Without skipInvalidRows one bad row stops the whole request: BigQuery
 * reports the bad rows as `invalid` and every other row as `stopped`, and writes nothing.
 */
const insertAll: Handler = async (state, request, params) => {
  assertProject(state, params.project);
  const body = jsonBody(request);
  const rows = (body.rows ?? []) as { json?: unknown; insertId?: string }[];
  if (rows.length > 50_000)
    throw new BigQueryApiError(
      'invalid',
      'too many rows present in the request, limit: 50000 row count: ' + rows.length,
    );
  return state.engine.exclusive(async (db) => {
    const ref = tableRef(params);
    const fields = await state.catalog.fields(db, ref);
    const good: DuckDBValue[][] = [];
    const errors: { index: number; errors: Record<string, string>[] }[] = [];
    rows.forEach((row, index) => {
      const encoded = encodeRow(fields, row.json, body.ignoreUnknownValues === true);
      if (encoded.ok) good.push(encoded.values);
      else
        errors.push({
          index,
          errors: [{ reason: 'invalid', location: encoded.field, debugInfo: '', message: encoded.message }],
        });
    });
    if (errors.length > 0 && body.skipInvalidRows !== true) {
      const bad = new Set(errors.map((error) => error.index));
      rows.forEach((_, index) => {
        if (!bad.has(index))
          errors.push({ index, errors: [{ reason: 'stopped', location: '', debugInfo: '', message: '' }] });
      });
      errors.sort((a, b) => a.index - b.index);
      return { body: { kind: 'bigquery#tableDataInsertAllResponse', insertErrors: errors } };
    }
    await appendRows(db, ref, fields, good);
    state.stats.rowsInserted += good.length;
    return {
      body: {
        kind: 'bigquery#tableDataInsertAllResponse',
        ...(errors.length ? { insertErrors: errors } : {}),
      },
    };
  });
};

/**
 * tabledata.list `selectedFields`: "Subset of fields to return, supports select into sub fields.
 * Example: selectedFields = 'a,e.d.f'" (https://cloud.google.com/bigquery/docs/reference/rest/v2/tabledata/list).
 * Rows then carry only those columns, in table-schema order, which is how @google-cloud/bigquery
 * maps them back (mergeSchemaWithRows_ filters the schema the same way). Selecting inside a RECORD
 * is not emulated and is refused rather than answered with the whole record.
 */
function selectedColumns(fields: readonly TableField[], selected: string | null): string {
  if (selected === null || selected.trim() === '') return '*';
  const names = selected
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of names) {
    const [top, ...rest] = name.split('.');
    const field = fields.find((candidate) => candidate.name.toLowerCase() === top!.toLowerCase());
    if (!field)
      throw new BigQueryApiError('invalid', `Invalid field selection: ${name} is not a field of the table.`);
    if (rest.length > 0)
      throw new BigQueryApiError(
        'invalid',
        `Invalid field selection: ${name}; the emulator selects top-level fields only.`,
      );
  }
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  const columns = fields.filter((field) => wanted.has(field.name.toLowerCase()));
  return columns.map((field) => `"${field.name.replaceAll('"', '""')}"`).join(', ');
}

const listTableData: Handler = async (state, request, params) => {
  assertProject(state, params.project);
  const start = Number(request.query.get('pageToken') ?? request.query.get('startIndex') ?? 0);
  const max = Number(request.query.get('maxResults') ?? 100_000);
  return state.engine.exclusive(async (db) => {
    const ref = tableRef(params);
    const columns = selectedColumns(await state.catalog.fields(db, ref), request.query.get('selectedFields'));
    const total = Number(
      (await db.runAndReadAll(`SELECT count(*) FROM ${tablePath(ref)}`)).getRows()[0]?.[0] ?? 0,
    );
    const page = await db.runAndReadAll(
      `SELECT ${columns} FROM ${tablePath(ref)} LIMIT ${Math.max(0, Math.floor(max))} OFFSET ${Math.max(0, Math.floor(start))}`,
    );
    const rows = page.getRows().map(wireRow);
    const next = start + rows.length;
    return {
      body: {
        kind: 'bigquery#tableDataList',
        totalRows: String(total),
        rows,
        ...(next < total ? { pageToken: String(next) } : {}),
      },
    };
  });
};

const TABLE = '/projects/{project}/datasets/{dataset}/tables/{table}';

export const resourceRoutes = [
  route('POST', 'datasets.insert', '/projects/{project}/datasets', insertDataset),
  route('GET', 'datasets.get', '/projects/{project}/datasets/{dataset}', getDataset),
  route('POST', 'tables.insert', '/projects/{project}/datasets/{dataset}/tables', insertTable),
  route('GET', 'tables.get', TABLE, getTable),
  route('DELETE', 'tables.delete', TABLE, deleteTable),
  route('PATCH', 'tables.patch', TABLE, patchTable),
  route('PUT', 'tables.update', TABLE, patchTable),
  route('POST', 'tabledata.insertAll', `${TABLE}/insertAll`, insertAll),
  route('GET', 'tabledata.list', `${TABLE}/data`, listTableData),
];
