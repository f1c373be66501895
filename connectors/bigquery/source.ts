import { BigQuery } from '@google-cloud/bigquery';
import type {
  Cursor,
  RejectedRecord,
  SourceBatch,
  SourceConnector,
  SourceContext,
  SourceStream,
} from '../../core/connectors/source.ts';
import { type SourceRecord, sourceRefSchema } from '../../core/schema/index.ts';
import { type CountedBigQuery, createBigQueryClient } from './client.ts';
import type { BigQueryConnectorConfig, BigQueryStreamConfig } from './config.ts';
import { defaultUpdatedAtColumn } from './fields.ts';
import {
  type KeysetCursor,
  type KeysetPosition,
  keysetPageQuery,
  nullCursorCountQuery,
  parseKeysetCursor,
} from './keyset-query.ts';
import { EXACT_INTEGERS, mapBigQueryRow, plainValue, type RowPlan } from './map-row.ts';

export interface BigQuerySourceOptions {
  /** Use the fixed-token auth of a local emulator (requires a loopback apiEndpoint). */
  readonly emulatorAuth?: boolean;
  /** A ready client, e.g. shared with the publisher. */
  readonly client?: CountedBigQuery;
}

/**
 * Reads contacts, accounts, events and deals from BigQuery tables or SQL, incrementally by an
 * (updated_at, id) keyset with a short look-back. Each batch is one query page, so memory stays
 * bounded by pageSize whatever the table size.
 */
export class BigQuerySourceConnector implements SourceConnector {
  readonly name: string;
  readonly #config: BigQueryConnectorConfig;
  readonly #client: CountedBigQuery;

  constructor(name: string, config: BigQueryConnectorConfig, options: BigQuerySourceOptions = {}) {
    if (!sourceRefSchema.shape.system.safeParse(name).success) {
      throw new Error(
        `connector name "${name}" must be lower-case letters, digits and "_" (it becomes the source system)`,
      );
    }
    this.name = name;
    this.#config = config;
    this.#client =
      options.client ??
      createBigQueryClient({
        projectId: config.projectId,
        location: config.location,
        apiEndpoint: config.apiEndpoint,
        credentials: config.credentials,
        emulatorAuth: options.emulatorAuth,
      });
  }

  /** HTTP requests made so far. */
  get requests(): number {
    return this.#client.requests();
  }

  streams(): readonly SourceStream[] {
    return Object.entries(this.#config.streams).map(([name, stream]) => ({ name, kind: stream.kind }));
  }

  async *read(stream: string, cursor: Cursor | null, context: SourceContext): AsyncGenerator<SourceBatch> {
    const settings = this.#config.streams[stream];
    if (!settings)
      throw new Error(`unknown stream "${stream}"; streams: ${Object.keys(this.#config.streams).join(', ')}`);
    const plan = this.#rowPlan(stream, settings);
    const source = {
      ...(settings.table
        ? { table: `${this.#config.projectId}.${this.#config.dataset}.${settings.table}` }
        : {}),
      ...(settings.sql ? { sql: settings.sql } : {}),
      idColumn: settings.idColumn,
      updatedAtColumn: plan.updatedAtColumn,
    };
    const log = context.logger.child({ connector: this.name, stream });
    const stored = parseKeysetCursor(cursor, stream);
    if (stored === null) await this.#warnUnreachable(source, log);
    let position: KeysetPosition = stored
      ? { kind: 'lookback', cursor: stored, minutes: settings.lookbackMinutes }
      : { kind: 'start' };
    let last: KeysetCursor | null = stored;
    const pageSize = this.#config.pageSize;
    for (;;) {
      context.signal?.throwIfAborted();
      const page = keysetPageQuery(source, position, pageSize);
      const [rows] = await this.#client.bigquery.query({
        ...page,
        params: withTimestamps(page.params, page.types),
        location: this.#config.location,
        wrapIntegers: EXACT_INTEGERS,
      });
      const records: SourceRecord[] = [];
      const rejected: RejectedRecord[] = [];
      for (const row of rows as Record<string, unknown>[]) {
        const mapped = mapBigQueryRow(plan, row);
        if (mapped.ok) records.push(mapped.record);
        else rejected.push(mapped.rejected);
        last = {
          updatedAt: micros(plainValue(row[plan.updatedAtColumn])),
          id: String(plainValue(row[settings.idColumn])),
        };
      }
      // The look-back window never moves the cursor backwards: a stored cursor ahead of what was re-read stays.
      const next = stored && last && compareCursor(last, stored) < 0 ? stored : last;
      if (rows.length > 0 || position.kind === 'start' || position.kind === 'lookback') {
        yield { stream, records, rejected, cursor: next ? { ...next } : null };
      }
      if (rows.length < pageSize || !last) return;
      position = { kind: 'after', cursor: last };
    }
  }

  #rowPlan(stream: string, settings: BigQueryStreamConfig): RowPlan {
    const objectTypeOf = (kind: 'contact' | 'account') => {
      const entry = Object.entries(this.#config.streams).find(([, other]) => other.kind === kind);
      return entry ? (entry[1].objectType ?? entry[0]) : `${kind}s`;
    };
    return {
      system: this.name,
      stream,
      kind: settings.kind,
      objectType: settings.objectType ?? stream,
      idColumn: settings.idColumn,
      updatedAtColumn: settings.updatedAtColumn ?? defaultUpdatedAtColumn(settings.kind),
      columns: settings.columns ?? {},
      properties: settings.properties ?? [],
      refObjectTypes: { contact: objectTypeOf('contact'), account: objectTypeOf('account') },
    };
  }

  async #warnUnreachable(source: Parameters<typeof nullCursorCountQuery>[0], log: SourceContext['logger']) {
    const [rows] = await this.#client.bigquery.query({
      query: nullCursorCountQuery(source),
      location: this.#config.location,
      wrapIntegers: EXACT_INTEGERS,
    });
    const count = Number(plainValue((rows[0] as Record<string, unknown> | undefined)?.n) ?? 0);
    if (count > 0) {
      log.warn(
        { rows: count, column: source.updatedAtColumn },
        `rows with a NULL ${source.updatedAtColumn} are never read; give them a value`,
      );
    }
  }
}

/**
 * The client drops a TIMESTAMP parameter given as text (it sends no value); wrapped in its
 * timestamp type the text goes through with all six fractional digits.
 */
function withTimestamps(params: Record<string, string | number>, types: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      types[name] === 'TIMESTAMP' ? BigQuery.timestamp(String(value)) : value,
    ]),
  );
}

/** BigQuery prints nanosecond digits it does not have; the cursor keeps the six it does. */
function micros(value: unknown): string {
  return String(value).replace(/\.(\d{6})\d*Z$/, '.$1Z');
}

function compareCursor(a: KeysetCursor, b: KeysetCursor): number {
  const time = Date.parse(a.updatedAt) - Date.parse(b.updatedAt);
  if (time !== 0) return time;
  const micros = a.updatedAt.localeCompare(b.updatedAt);
  return micros !== 0 ? micros : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function createBigQuerySource(
  name: string,
  config: BigQueryConnectorConfig,
  options?: BigQuerySourceOptions,
) {
  return new BigQuerySourceConnector(name, config, options);
}
