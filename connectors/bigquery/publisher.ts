import type { Score } from '../../core/schema/index.ts';
import {
  type FeatureTableColumn,
  type FeatureTableRow,
  type InWarehouseScoreRequest,
  type PublishResult,
  type ScorePublisher,
  scoreRow,
  type WarehouseColumn,
  type WarehouseJobResult,
} from '../../core/warehouse/scores-table.ts';
import { type CountedBigQuery, createBigQueryClient } from './client.ts';
import type { BigQueryConnectorConfig } from './config.ts';
import { loadFeatureTable, resolveTablePath, scoreInBigQuery } from './in-warehouse.ts';
import {
  historyInsertSql,
  latestViewSql,
  mergeSql,
  SCORE_FIELDS,
  type ScoreTableNames,
  schemaDrift,
} from './score-schema.ts';
import { StagingLoader, type StagingLoaderOptions } from './staging-loader.ts';

export interface BigQueryPublisherOptions extends StagingLoaderOptions {
  readonly emulatorAuth?: boolean;
  readonly client?: CountedBigQuery;
  /** Suffix of this publish's staging table (default: random), so concurrent publishes never share one. */
  readonly runId?: () => string;
}

/**
 * Publishes scores to BigQuery: load jobs fill a per-run staging table, one MERGE updates the
 * current table, one INSERT ... SELECT appends the date-partitioned history, and the latest view
 * reads the current table. Requests grow with bytes (one per ~10 MB request), not with rows.
 */
export class BigQueryScorePublisher implements ScorePublisher {
  readonly name: string;
  readonly #client: CountedBigQuery;
  readonly #names: ScoreTableNames;
  readonly #location: string;
  readonly #options: BigQueryPublisherOptions;
  #ensured = false;

  constructor(name: string, config: BigQueryConnectorConfig, options: BigQueryPublisherOptions = {}) {
    this.name = name;
    this.#options = options;
    this.#location = config.location;
    this.#client =
      options.client ??
      createBigQueryClient({
        projectId: config.projectId,
        location: config.location,
        apiEndpoint: config.apiEndpoint,
        credentials: config.credentials,
        emulatorAuth: options.emulatorAuth,
      });
    const { dataset, current, history, staging, latestView } = config.scores;
    this.#names = {
      projectId: config.projectId,
      dataset: dataset ?? config.dataset,
      current,
      history,
      staging,
      latestView,
    };
  }

  get tables(): ScoreTableNames {
    return this.#names;
  }

  async ensureScoreTables(): Promise<{ created: string[]; existing: string[] }> {
    const { bigquery } = this.#client;
    const dataset = bigquery.dataset(this.#names.dataset, { location: this.#location });
    const created: string[] = [];
    const existing: string[] = [];
    const [datasetExists] = await dataset.exists();
    if (!datasetExists) {
      await dataset.create({ location: this.#location });
      created.push(this.#names.dataset);
    }
    const problems: string[] = [];
    const tables = [
      { id: this.#names.current, partitioned: false },
      { id: this.#names.history, partitioned: true },
    ];
    for (const { id, partitioned } of tables) {
      const fields = datasetExists ? await this.#fieldsOf(id) : null;
      if (fields) {
        existing.push(id);
        problems.push(...schemaDrift(this.#qualified(id), fields));
        continue;
      }
      await dataset.createTable(id, {
        schema: { fields: SCORE_FIELDS.map((field) => ({ ...field })) },
        ...(partitioned
          ? {
              timePartitioning: { type: 'DAY', field: 'scored_at' },
              clustering: { fields: ['entity_type', 'entity_id', 'model'] },
            }
          : { clustering: { fields: ['entity_type', 'entity_id', 'model'] } }),
      });
      created.push(id);
    }
    // A view over a drifted table would fail to create with an engine error; report the drift first.
    if (problems.length > 0) throw driftError(problems);
    const viewFields = datasetExists ? await this.#fieldsOf(this.#names.latestView) : null;
    if (viewFields) {
      existing.push(this.#names.latestView);
      problems.push(...schemaDrift(this.#qualified(this.#names.latestView), viewFields));
    } else {
      await bigquery.query({ query: latestViewSql(this.#names), location: this.#location });
      created.push(this.#names.latestView);
    }
    if (problems.length > 0) throw driftError(problems);
    this.#ensured = true;
    return { created, existing };
  }

  async publishScores(pages: AsyncIterable<readonly Score[]>): Promise<PublishResult> {
    const before = this.#client.requests();
    if (!this.#ensured) await this.ensureScoreTables();
    const { bigquery } = this.#client;
    const stagingId = `${this.#names.staging}_${(this.#options.runId ?? randomRunId)()}`;
    const names = { ...this.#names, staging: stagingId };
    const staging = bigquery.dataset(names.dataset, { location: this.#location }).table(stagingId);
    const loader = new StagingLoader(staging, SCORE_FIELDS, this.#options);
    let merged = 0;
    try {
      for await (const page of pages) {
        for (const score of page) {
          const row = scoreRow(score);
          // reasons is a JSON column: a load job wants the JSON value itself, not its text.
          await loader.add(JSON.stringify({ ...row, reasons: JSON.parse(row.reasons) }), row.entity_id);
        }
      }
      await loader.finish();
      if (loader.rows > 0) {
        // query() resolves to [rows, nextQuery, apiResponse]; its typings omit the third, which holds the DML count.
        const response = (await bigquery.query({
          query: mergeSql(names),
          location: this.#location,
        })) as unknown[];
        merged = Number(
          (response[2] as { numDmlAffectedRows?: string } | undefined)?.numDmlAffectedRows ?? 0,
        );
        await bigquery.query({ query: historyInsertSql(names), location: this.#location });
      }
    } finally {
      if (loader.loads > 0) await staging.delete({ ignoreNotFound: true });
    }
    const loadedBy = `${loader.loads} load job${loader.loads === 1 ? '' : 's'} of NDJSON`;
    return { rows: loader.rows, requests: this.#client.requests() - before, merged, loadedBy };
  }

  featureTablePath(table: string): readonly string[] {
    const path = resolveTablePath(table, this.#names);
    return [path.projectId, path.dataset, path.table];
  }

  async tableColumns(table: string): Promise<readonly string[] | null> {
    const path = resolveTablePath(table, this.#names);
    const fields = await this.#fieldsOf(path.table, path.dataset, path.projectId);
    return fields ? fields.map((field) => field.name) : null;
  }

  async relationColumns(relation: string): Promise<readonly WarehouseColumn[]> {
    // query() resolves to [rows, nextQuery, apiResponse]; the response holds the result schema.
    const response = (await this.#client.bigquery.query({
      query: `SELECT * FROM ${relation} AS src LIMIT 0`,
      location: this.#location,
    })) as unknown[];
    const fields = (response[2] as { schema?: { fields?: { name: string; type: string }[] } } | undefined)
      ?.schema?.fields;
    return (fields ?? []).map((field) => ({ name: field.name, type: bigQueryColumnType(field.type) }));
  }

  async loadFeatureTable(
    table: string,
    columns: readonly FeatureTableColumn[],
    idColumns: readonly string[],
    rows: AsyncIterable<readonly FeatureTableRow[]>,
  ): Promise<WarehouseJobResult> {
    const before = this.#client.requests();
    const loaded = await loadFeatureTable(
      this.#client,
      resolveTablePath(table, this.#names),
      this.#location,
      {
        columns,
        idColumns,
        rows,
        loader: this.#options,
      },
    );
    return { rows: loaded, requests: this.#client.requests() - before };
  }

  async scoreInWarehouse(request: InWarehouseScoreRequest): Promise<WarehouseJobResult> {
    const before = this.#client.requests();
    if (!this.#ensured) await this.ensureScoreTables();
    const staging = `${this.#names.staging}_${(this.#options.runId ?? randomRunId)()}`;
    const rows = await scoreInBigQuery(this.#client, { ...this.#names, staging }, this.#location, request);
    return { rows, requests: this.#client.requests() - before };
  }

  async close(): Promise<void> {}

  /** Columns of a table or view, or null when it does not exist. */
  async #fieldsOf(
    id: string,
    dataset = this.#names.dataset,
    projectId = this.#names.projectId,
  ): Promise<{ name: string; type: string }[] | null> {
    try {
      const [metadata] = await this.#client.bigquery.dataset(dataset, { projectId }).table(id).getMetadata();
      return (metadata.schema?.fields ?? []) as { name: string; type: string }[];
    } catch (error) {
      if ((error as { code?: number }).code === 404) return null;
      throw error;
    }
  }

  #qualified(id: string): string {
    return `${this.#names.projectId}.${this.#names.dataset}.${id}`;
  }
}

/** A BigQuery field type (REST names: INTEGER, FLOAT, BOOLEAN, ...) as a kind of value. */
export function bigQueryColumnType(type: string): WarehouseColumn['type'] {
  switch (type.toUpperCase()) {
    case 'STRING':
      return 'text';
    case 'INTEGER':
    case 'INT64':
    case 'FLOAT':
    case 'FLOAT64':
    case 'NUMERIC':
    case 'BIGNUMERIC':
      return 'number';
    case 'BOOLEAN':
    case 'BOOL':
      return 'boolean';
    case 'TIMESTAMP':
    case 'DATETIME':
    case 'DATE':
      return 'timestamp';
    default:
      return 'other';
  }
}

function driftError(problems: readonly string[]): Error {
  return new Error(
    `BigQuery score tables do not match the documented schema:\n  ${problems.join('\n  ')}\n` +
      'Alter the table(s) to match, or point scores.dataset at a new dataset.',
  );
}

function randomRunId(): string {
  return crypto.randomUUID().replaceAll('-', '').slice(0, 16);
}
