import type { DuckDBConnection } from '@duckdb/node-api';
import { BigQueryApiError, notFound } from './errors.ts';
import {
  assertValidId,
  columnDefinition,
  fieldFromDuckdb,
  legacyTypeName,
  quoteIdent,
  type TableField,
} from './field-types.ts';

export interface TableRef {
  readonly projectId: string;
  readonly datasetId: string;
  readonly tableId: string;
}

/** What DuckDB cannot hold about a table: BigQuery-only options shown back in the table resource. */
interface TableExtras {
  creationTime: string;
  timePartitioning?: { type: string; field?: string };
  clustering?: { fields: string[] };
  description?: string;
}

interface DatasetExtras {
  location: string;
  creationTime: string;
}

const key = (...parts: string[]): string => parts.join('\u0000');

export const tablePath = (ref: TableRef): string =>
  `${quoteIdent(ref.projectId)}.${quoteIdent(ref.datasetId)}.${quoteIdent(ref.tableId)}`;

/**
 * Datasets and tables. Columns live only in DuckDB (information_schema), so a table made by SQL
 * DDL and one made through the REST API look the same; partitioning and clustering, which DuckDB
 * has no notion of, are kept beside it.
 */
export class Catalog {
  readonly #datasets = new Map<string, DatasetExtras>();
  readonly #tables = new Map<string, TableExtras>();
  readonly #now: () => Date;

  constructor(now: () => Date) {
    this.#now = now;
  }

  async createDataset(db: DuckDBConnection, projectId: string, datasetId: string, location: string) {
    assertValidId('Dataset', datasetId);
    if (this.#datasets.has(key(projectId, datasetId))) {
      throw new BigQueryApiError('duplicate', `Already Exists: Dataset ${projectId}:${datasetId}`);
    }
    await db.run(`CREATE SCHEMA ${quoteIdent(projectId)}.${quoteIdent(datasetId)}`);
    this.#datasets.set(key(projectId, datasetId), { location, creationTime: this.#millis() });
    return this.datasetResource(projectId, datasetId);
  }

  datasetResource(projectId: string, datasetId: string): Record<string, unknown> {
    const extras = this.#datasets.get(key(projectId, datasetId));
    if (!extras) throw notFound(`Dataset ${projectId}:${datasetId}`);
    return {
      kind: 'bigquery#dataset',
      id: `${projectId}:${datasetId}`,
      datasetReference: { projectId, datasetId },
      location: extras.location,
      creationTime: extras.creationTime,
      lastModifiedTime: extras.creationTime,
    };
  }

  datasetLocation(projectId: string, datasetId: string): string {
    this.datasetResource(projectId, datasetId);
    return this.#datasets.get(key(projectId, datasetId))!.location;
  }

  async createTable(db: DuckDBConnection, ref: TableRef, body: Record<string, unknown>) {
    assertValidId('Table', ref.tableId);
    this.datasetResource(ref.projectId, ref.datasetId);
    if ((await this.#describe(db, ref)) !== null) {
      throw new BigQueryApiError(
        'duplicate',
        `Already Exists: Table ${ref.projectId}:${ref.datasetId}.${ref.tableId}`,
      );
    }
    const view = body.view as { query?: string } | undefined;
    if (view?.query)
      throw new BigQueryApiError('invalid', 'Create views with CREATE VIEW through jobs.query.');
    const fields = ((body.schema as { fields?: TableField[] } | undefined)?.fields ?? []) as TableField[];
    if (fields.length === 0)
      throw new BigQueryApiError('invalid', `Table ${ref.tableId} needs at least one field.`);
    await db.run(`CREATE TABLE ${tablePath(ref)} (${fields.map(columnDefinition).join(', ')})`);
    const partitioning = body.timePartitioning as TableExtras['timePartitioning'];
    const clustering = body.clustering as TableExtras['clustering'];
    this.registerTable(ref, {
      timePartitioning: partitioning,
      clustering,
      description: body.description as string,
    });
    return this.tableResource(db, ref);
  }

  registerTable(ref: TableRef, extras: Omit<TableExtras, 'creationTime'>): void {
    const clean = Object.fromEntries(Object.entries(extras).filter(([, value]) => value !== undefined));
    this.#tables.set(key(ref.projectId, ref.datasetId, ref.tableId), {
      creationTime: this.#millis(),
      ...clean,
    });
  }

  forgetTable(ref: TableRef): void {
    this.#tables.delete(key(ref.projectId, ref.datasetId, ref.tableId));
  }

  async deleteTable(db: DuckDBConnection, ref: TableRef): Promise<void> {
    const described = await this.#describe(db, ref);
    if (!described) throw notFound(`Table ${ref.projectId}:${ref.datasetId}.${ref.tableId}`);
    await db.run(`DROP ${described.isView ? 'VIEW' : 'TABLE'} ${tablePath(ref)}`);
    this.forgetTable(ref);
  }

  /** tables.patch with a schema: BigQuery only lets a schema grow by NULLABLE columns (or relax modes). */
  async patchSchema(db: DuckDBConnection, ref: TableRef, fields: readonly TableField[]) {
    const current = await this.fields(db, ref);
    for (const existing of current) {
      if (!fields.some((field) => field.name.toLowerCase() === existing.name.toLowerCase())) {
        throw new BigQueryApiError(
          'invalid',
          `Provided Schema does not match Table ${ref.tableId}. Field ${existing.name} is missing in new schema`,
        );
      }
    }
    for (const field of fields) {
      const existing = current.find((column) => column.name.toLowerCase() === field.name.toLowerCase());
      if (existing) {
        if (existing.type !== legacyTypeName(field.type)) {
          throw new BigQueryApiError(
            'invalid',
            `Provided Schema does not match Table ${ref.tableId}. Field ${field.name} has changed type from ${existing.type} to ${field.type}`,
          );
        }
        continue;
      }
      if (field.mode === 'REQUIRED') {
        throw new BigQueryApiError(
          'invalid',
          `Provided Schema does not match Table ${ref.tableId}. Cannot add required field ${field.name}`,
        );
      }
      await db.run(`ALTER TABLE ${tablePath(ref)} ADD COLUMN ${columnDefinition(field)}`);
    }
    return this.tableResource(db, ref);
  }

  async fields(db: DuckDBConnection, ref: TableRef): Promise<TableField[]> {
    const described = await this.#describe(db, ref);
    if (!described) throw notFound(`Table ${ref.projectId}:${ref.datasetId}.${ref.tableId}`);
    return described.fields;
  }

  async tableResource(db: DuckDBConnection, ref: TableRef): Promise<Record<string, unknown>> {
    const described = await this.#describe(db, ref);
    if (!described) throw notFound(`Table ${ref.projectId}:${ref.datasetId}.${ref.tableId}`);
    const extras = this.#tables.get(key(ref.projectId, ref.datasetId, ref.tableId)) ?? {
      creationTime: this.#millis(),
    };
    const count = described.isView
      ? null
      : await db
          .runAndReadAll(`SELECT count(*) FROM ${tablePath(ref)}`)
          .then((r) => String(r.getRows()[0]?.[0] ?? 0));
    return {
      kind: 'bigquery#table',
      id: `${ref.projectId}:${ref.datasetId}.${ref.tableId}`,
      tableReference: { ...ref },
      type: described.isView ? 'VIEW' : 'TABLE',
      schema: { fields: described.fields },
      ...(count === null ? { view: { query: described.viewSql, useLegacySql: false } } : { numRows: count }),
      location: this.datasetLocation(ref.projectId, ref.datasetId),
      ...extras,
      lastModifiedTime: extras.creationTime,
    };
  }

  async #describe(db: DuckDBConnection, ref: TableRef) {
    const bind = [ref.projectId, ref.datasetId, ref.tableId];
    const table = await db.runAndReadAll(
      `SELECT table_type FROM information_schema.tables WHERE table_catalog = ? AND table_schema = ? AND table_name = ?`,
      bind,
    );
    const type = table.getRows()[0]?.[0];
    if (type === undefined) return null;
    const columns = await db.runAndReadAll(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_catalog = ? AND table_schema = ? AND table_name = ? ORDER BY ordinal_position`,
      bind,
    );
    const fields = columns
      .getRows()
      .map(([name, type, nullable]) => fieldFromDuckdb(String(name), String(type), nullable === 'YES'));
    const isView = type === 'VIEW';
    let viewSql = '';
    if (isView) {
      const view = await db.runAndReadAll(
        `SELECT sql FROM duckdb_views() WHERE database_name = ? AND schema_name = ? AND view_name = ?`,
        bind,
      );
      viewSql = String(view.getRows()[0]?.[0] ?? '');
    }
    return { fields, isView, viewSql };
  }

  #millis(): string {
    return String(this.#now().getTime());
  }
}
