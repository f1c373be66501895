import { gunzipSync } from 'node:zlib';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Catalog, TableRef } from './catalog.ts';
import { tablePath } from './catalog.ts';
import { BigQueryApiError } from './errors.ts';
import { parseExactJson } from './exact-json.ts';
import { columnDefinition, type TableField } from './field-types.ts';
import { appendRows, encodeRow } from './row-codec.ts';

export interface LoadConfiguration {
  destinationTable?: Partial<TableRef>;
  sourceFormat?: string;
  writeDisposition?: string;
  createDisposition?: string;
  ignoreUnknownValues?: boolean;
  schema?: { fields?: TableField[] };
}

/**
 * Runs a load job from uploaded bytes: NEWLINE_DELIMITED_JSON, gzip-compressed or not (BigQuery
 * detects gzip itself). Like BigQuery with maxBadRecords 0, one bad row fails the whole job and
 * writes nothing; the error names the row (1-based line) and field.
 */
export async function runLoad(
  db: DuckDBConnection,
  catalog: Catalog,
  projectId: string,
  load: LoadConfiguration,
  data: Buffer,
): Promise<{ outputRows: number }> {
  const format = (load.sourceFormat ?? 'CSV').toUpperCase();
  if (format !== 'NEWLINE_DELIMITED_JSON') {
    throw new BigQueryApiError('invalid', `The emulator loads NEWLINE_DELIMITED_JSON only, not ${format}.`);
  }
  const destination = load.destinationTable;
  if (!destination?.datasetId || !destination.tableId) {
    throw new BigQueryApiError(
      'required',
      'Required parameter is missing: configuration.load.destinationTable',
    );
  }
  const ref: TableRef = {
    projectId: destination.projectId ?? projectId,
    datasetId: destination.datasetId,
    tableId: destination.tableId,
  };
  const fields = await destinationFields(db, catalog, ref, load);
  const text = (isGzip(data) ? gunzipSync(data) : data).toString('utf8');
  const rows: DuckDBValue[][] = [];
  let line = 0;
  for (const rawLine of text.split('\n')) {
    line++;
    if (rawLine.trim() === '') continue;
    let json: unknown;
    try {
      json = parseExactJson(rawLine);
    } catch {
      throw loadError(line, 'JSON parsing error: invalid JSON');
    }
    const encoded = encodeRow(fields, json, load.ignoreUnknownValues === true);
    if (!encoded.ok) throw loadError(line, encoded.message);
    rows.push(encoded.values);
  }
  if ((load.writeDisposition ?? 'WRITE_APPEND') === 'WRITE_TRUNCATE')
    await db.run(`DELETE FROM ${tablePath(ref)}`);
  else if (load.writeDisposition === 'WRITE_EMPTY') {
    const existing = await db.runAndReadAll(`SELECT count(*) FROM ${tablePath(ref)}`);
    if (Number(existing.getRows()[0]?.[0] ?? 0) > 0) {
      throw new BigQueryApiError(
        'duplicate',
        `Already Exists: Table ${ref.projectId}:${ref.datasetId}.${ref.tableId}`,
      );
    }
  }
  await appendRows(db, ref, fields, rows);
  return { outputRows: rows.length };
}

async function destinationFields(
  db: DuckDBConnection,
  catalog: Catalog,
  ref: TableRef,
  load: LoadConfiguration,
) {
  try {
    return await catalog.fields(db, ref);
  } catch (error) {
    const fields = load.schema?.fields;
    if (!(error instanceof BigQueryApiError) || error.reason !== 'notFound') throw error;
    if (load.createDisposition === 'CREATE_NEVER' || !fields?.length) throw error;
    catalog.datasetResource(ref.projectId, ref.datasetId);
    await db.run(`CREATE TABLE ${tablePath(ref)} (${fields.map(columnDefinition).join(', ')})`);
    catalog.registerTable(ref, {});
    return catalog.fields(db, ref);
  }
}

function isGzip(data: Buffer): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

function loadError(line: number, message: string): BigQueryApiError {
  return new BigQueryApiError(
    'invalid',
    `Error while reading data, error message: JSON table encountered too many errors, giving up. Rows: ${line}; errors: 1. ` +
      `Please look into the errors[] collection for more details. Line ${line}: ${message}`,
  );
}
