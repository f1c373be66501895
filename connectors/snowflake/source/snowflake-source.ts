import { createEventNameResolver } from '../../../core/connectors/event-names.ts';
import type {
  Cursor,
  RejectedRecord,
  SourceBatch,
  SourceConnector,
  SourceContext,
  SourceStream,
} from '../../../core/connectors/source.ts';
import type { SourceRecord } from '../../../core/schema/index.ts';
import type { SnowflakeClient } from '../client.ts';
import type { SnowflakeConnectorConfig } from '../config.ts';
import { type KeysetCursor, parseKeysetCursor, readStart } from './cursor.ts';
import { keysetQuery, type StreamSource } from './keyset-query.ts';
import { type MappingSettings, mapRow } from './row-mapping.ts';

interface StreamPlan {
  readonly name: string;
  readonly source: StreamSource;
  readonly mapping: MappingSettings;
}

export interface SnowflakeSourceOptions {
  readonly connect: () => Promise<SnowflakeClient>;
}

function planStreams(system: string, config: SnowflakeConnectorConfig): StreamPlan[] {
  return Object.entries(config.streams).map(([name, stream]) => {
    const idColumn = stream.idColumn ?? 'ID';
    const updatedAtColumn =
      stream.updatedAtColumn ?? (stream.kind === 'event' ? 'OCCURRED_AT' : 'UPDATED_AT');
    return {
      name,
      source: { table: stream.table, sql: stream.sql, idColumn, updatedAtColumn },
      mapping: {
        system,
        kind: stream.kind,
        objectType: stream.objectType ?? name,
        accountObjectType: stream.accountObjectType ?? 'accounts',
        contactObjectType: stream.contactObjectType ?? 'contacts',
        idColumn,
        updatedAtColumn,
        columns: stream.columns ?? {},
        resolveEventType: createEventNameResolver(stream.eventTypes),
        properties: stream.properties ?? [],
      },
    };
  });
}

/**
 * Snowflake tables or SQL as a source. Each read is one streamed query in (updated_at, id) order
 * from the stored cursor minus the look-back; rows arrive chunk by chunk and leave in committed
 * batches, each with the cursor of its last row.
 */
export class SnowflakeSourceConnector implements SourceConnector {
  readonly name: string;
  readonly #plans: readonly StreamPlan[];
  readonly #batchSize: number;
  readonly #lookbackMs: number;
  readonly #connect: () => Promise<SnowflakeClient>;

  constructor(name: string, config: SnowflakeConnectorConfig, options: SnowflakeSourceOptions) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) {
      throw new Error(
        `connector name "${name}" must be lower-case letters, digits and "_" (it becomes the source system)`,
      );
    }
    this.name = name;
    this.#plans = planStreams(name, config);
    this.#batchSize = config.batchSize;
    this.#lookbackMs = config.lookbackMinutes * 60_000;
    this.#connect = options.connect;
  }

  streams(): readonly SourceStream[] {
    return this.#plans.map((plan) => ({ name: plan.name, kind: plan.mapping.kind }));
  }

  async *read(stream: string, cursor: Cursor | null, context: SourceContext): AsyncGenerator<SourceBatch> {
    const plan = this.#plans.find((candidate) => candidate.name === stream);
    if (!plan) {
      throw new Error(
        `Snowflake connector "${this.name}" has no stream "${stream}"; streams: ${this.#plans.map((p) => p.name).join(', ')}`,
      );
    }
    const log = context.logger.child({ connector: this.name, stream });
    const stored = parseKeysetCursor(cursor);
    if (cursor !== null && stored === null)
      log.warn('stored cursor was not written by this connector; reading from the start');
    const query = keysetQuery(plan.source, readStart(stored, this.#lookbackMs));
    const client = await this.#connect();
    let position: KeysetCursor | null = stored;
    let records: SourceRecord[] = [];
    let rejected: RejectedRecord[] = [];
    let total = 0;
    try {
      for await (const row of client.stream(query.sql, query.binds)) {
        context.signal?.throwIfAborted();
        const outcome = mapRow(plan.mapping, row);
        if (outcome.ok) {
          records.push(outcome.record);
          position = laterOf(position, outcome.key);
        } else rejected.push(outcome.rejected);
        if (records.length + rejected.length >= this.#batchSize) {
          total += records.length;
          yield { stream, records, rejected, cursor: position };
          records = [];
          rejected = [];
        }
      }
      if (records.length + rejected.length > 0 || stored === null) {
        total += records.length;
        yield { stream, records, rejected, cursor: position };
      }
    } finally {
      await client.close();
    }
    log.info({ records: total, requests: client.requests }, 'stream read');
  }
}

/** The cursor never moves back: a look-back re-read ends where the previous read ended or later. */
function laterOf(current: KeysetCursor | null, key: { updatedAt: string; id: string }): KeysetCursor {
  const candidate: KeysetCursor = {
    version: 1,
    updatedAt: new Date(key.updatedAt).toISOString(),
    id: key.id,
  };
  if (!current) return candidate;
  if (candidate.updatedAt > current.updatedAt) return candidate;
  if (candidate.updatedAt === current.updatedAt && candidate.id > current.id) return candidate;
  return current;
}
