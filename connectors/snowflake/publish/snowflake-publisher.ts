import type { Score } from '../../../core/schema/index.ts';
import {
  type FeatureTableColumn,
  type FeatureTableRow,
  type InWarehouseScoreRequest,
  type PublishResult,
  type ScorePublisher,
  scoreRow,
  type WarehouseColumn,
  type WarehouseJobResult,
} from '../../../core/warehouse/scores-table.ts';
import { qualifiedName, type SnowflakeClient, type SnowflakeConnectionSettings } from '../client.ts';
import type { SnowflakeConnectorConfig } from '../config.ts';
import { copyScoreFiles } from './copy-load.ts';
import {
  describeColumns,
  loadSnowflakeFeatureTable,
  resolveObjectPath,
  scoreInSnowflake,
} from './in-warehouse.ts';
import { driftError, type FoundColumn, schemaDrift } from './schema-check.ts';
import { ScoreFileWriter } from './score-files.ts';
import {
  createFileStagingSql,
  createLatestViewSql,
  createScoreTableSql,
  createStagingSql,
  fileStagingColumns,
  historyInsertSql,
  mergeSql,
  type ScoreObjects,
  schemaColumnsSql,
  stageInsertSql,
  typedFileStage,
} from './score-sql.ts';
import { StagingBatcher } from './staging-batcher.ts';

export interface SnowflakePublisherOptions {
  readonly connect: () => Promise<SnowflakeClient>;
  readonly schema: string;
  readonly tables: SnowflakeConnectorConfig['scores'];
}

/** How the last publish loaded its scores, for the CLI and the benchmark. */
export interface SnowflakeLoadReport {
  readonly path: 'binds' | 'files';
  readonly files: number;
  readonly textBytes: number;
  readonly compressedBytes: number;
}

const countOf = (row: Record<string, unknown> | undefined, column: string): number =>
  Number(row?.[column] ?? 0);

/**
 * Publishes scores to Snowflake in two ways, chosen by size. Below `scores.copyFromRows` they are
 * staged with array binds (one JSON document per score, one request). From there on the publisher
 * loads them as production loaders do: gzip CSV files written under the OS temp dir, one PUT to a
 * temporary stage, one COPY INTO the staging table. Either way, one MERGE into the current table
 * and one INSERT … SELECT into history follow, so re-publishing changes nothing.
 */
export class SnowflakeScorePublisher implements ScorePublisher {
  readonly name: string;
  readonly #options: SnowflakePublisherOptions;
  readonly #objects: ScoreObjects;
  readonly #names: { current: string; history: string; latestView: string };
  #client: SnowflakeClient | null = null;
  #ensured = false;
  lastLoad: SnowflakeLoadReport | null = null;

  constructor(name: string, options: SnowflakePublisherOptions) {
    this.name = name;
    this.#options = options;
    const schema = options.tables.schema ?? options.schema;
    const inSchema = (table: string): string => qualifiedName(`${schema}.${table}`);
    this.#objects = {
      current: inSchema(options.tables.current),
      history: inSchema(options.tables.history),
      latestView: inSchema(options.tables.latestView),
      // Temporary tables live in the session's schema; qualifying them is not needed.
      staging: qualifiedName(options.tables.staging),
    };
    this.#names = {
      current: options.tables.current.toUpperCase(),
      history: options.tables.history.toUpperCase(),
      latestView: options.tables.latestView.toUpperCase(),
    };
  }

  async #connection(): Promise<SnowflakeClient> {
    this.#client ??= await this.#options.connect();
    return this.#client;
  }

  async ensureScoreTables(): Promise<{ created: string[]; existing: string[] }> {
    const client = await this.#connection();
    const schema = (this.#options.tables.schema ?? this.#options.schema).toUpperCase();
    const names = [this.#names.current, this.#names.history, this.#names.latestView];
    const rows = await client.execute(schemaColumnsSql(names.length), [schema, ...names]);
    const found = rows.map(
      (row): FoundColumn => ({
        table: String(row.TABLE_NAME),
        column: String(row.COLUMN_NAME),
        dataType: String(row.DATA_TYPE),
      }),
    );
    const created: string[] = [];
    const existing: string[] = [];
    const problems: string[] = [];
    for (const name of names) {
      const columns = found.filter((column) => column.table === name);
      if (columns.length === 0) created.push(name);
      else {
        existing.push(name);
        problems.push(...schemaDrift(`${schema}.${name}`, columns));
      }
    }
    if (problems.length > 0) throw driftError(problems);
    if (created.includes(this.#names.current))
      await client.execute(createScoreTableSql(this.#objects.current));
    if (created.includes(this.#names.history))
      await client.execute(createScoreTableSql(this.#objects.history));
    if (created.includes(this.#names.latestView)) await client.execute(createLatestViewSql(this.#objects));
    this.#ensured = true;
    return { created, existing };
  }

  async publishScores(pages: AsyncIterable<readonly Score[]>): Promise<PublishResult> {
    if (!this.#ensured) await this.ensureScoreTables();
    const client = await this.#connection();
    const before = client.requests;
    const threshold = this.#options.tables.copyFromRows;
    // Scores are held until the publish is known to be small or to reach the file threshold.
    let held: Score[] = [];
    let writer: ScoreFileWriter | null = null;
    try {
      for await (const page of pages) {
        for (const score of page) {
          if (writer) await writer.add(scoreRow(score));
          else held.push(score);
        }
        if (!writer && held.length >= threshold) {
          writer = await ScoreFileWriter.create();
          for (const score of held) await writer.add(scoreRow(score));
          held = [];
        }
      }
      let rows: number;
      let source: string | undefined;
      if (writer) {
        await client.execute(createFileStagingSql(this.#objects));
        const loaded = await copyScoreFiles(client, this.#objects.staging, fileStagingColumns(), writer);
        rows = loaded.rows;
        source = typedFileStage(this.#objects);
        const { files, textBytes, compressedBytes } = loaded;
        this.lastLoad = { path: 'files', files, textBytes, compressedBytes };
      } else {
        rows = await this.#bindStaged(client, held);
        this.lastLoad = { path: 'binds', files: 0, textBytes: 0, compressedBytes: 0 };
      }
      const [mergeCounts] = await client.execute(mergeSql(this.#objects, source));
      await client.execute(historyInsertSql(this.#objects, source));
      const merged =
        countOf(mergeCounts, 'number of rows inserted') + countOf(mergeCounts, 'number of rows updated');
      const loadedBy =
        this.lastLoad.path === 'files'
          ? `${this.lastLoad.files} gzip CSV file${this.lastLoad.files === 1 ? '' : 's'} (PUT + COPY INTO)`
          : 'array binds';
      return { rows, requests: client.requests - before, merged, loadedBy };
    } finally {
      await writer?.remove();
    }
  }

  async #bindStaged(client: SnowflakeClient, scores: readonly Score[]): Promise<number> {
    await client.execute(createStagingSql(this.#objects));
    const insert = stageInsertSql(this.#objects);
    const batcher = new StagingBatcher(this.#options.tables.batchRows);
    for (const score of scores) {
      const full = batcher.add(JSON.stringify(scoreRow(score)));
      if (full) await client.execute(insert, full);
    }
    const rest = batcher.drain();
    if (rest) await client.execute(insert, rest);
    return scores.length;
  }

  featureTablePath(table: string): readonly string[] {
    return resolveObjectPath(table, this.#options.tables.schema ?? this.#options.schema);
  }

  async tableColumns(table: string): Promise<readonly string[] | null> {
    return describeColumns(await this.#connection(), this.featureTablePath(table));
  }

  async relationColumns(relation: string): Promise<readonly WarehouseColumn[]> {
    const client = await this.#connection();
    const columns = await client.columns(`SELECT * FROM ${relation} AS SRC LIMIT 0`);
    return columns.map((column) => ({ name: column.name, type: snowflakeColumnType(column.type) }));
  }

  async loadFeatureTable(
    table: string,
    columns: readonly FeatureTableColumn[],
    idColumns: readonly string[],
    rows: AsyncIterable<readonly FeatureTableRow[]>,
  ): Promise<WarehouseJobResult> {
    const client = await this.#connection();
    const before = client.requests;
    const loaded = await loadSnowflakeFeatureTable(client, this.featureTablePath(table), {
      columns,
      idColumns,
      rows,
    });
    return { rows: loaded, requests: client.requests - before };
  }

  async scoreInWarehouse(request: InWarehouseScoreRequest): Promise<WarehouseJobResult> {
    const client = await this.#connection();
    const before = client.requests;
    if (!this.#ensured) await this.ensureScoreTables();
    const scored = qualifiedName(`${this.#options.tables.staging}_SQL`);
    const rows = await scoreInSnowflake(client, this.#objects, scored, request);
    return { rows, requests: client.requests - before };
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    await client?.close();
  }
}

export type { SnowflakeConnectionSettings };

/** A Snowflake column type as the driver names it (text, fixed, real, timestamp_ntz, ...) as a kind of value. */
export function snowflakeColumnType(type: string): WarehouseColumn['type'] {
  const name = type.toLowerCase();
  if (name === 'text') return 'text';
  if (name === 'fixed' || name === 'real' || name === 'decfloat') return 'number';
  if (name === 'boolean') return 'boolean';
  if (name.startsWith('timestamp') || name === 'date') return 'timestamp';
  return 'other';
}
