import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { RecordKind, SourceRecord } from '../schema/index.ts';

/** Opaque, JSON-serialisable position in a stream; only the connector that wrote it reads it. */
export type Cursor = string | number | boolean | null | Cursor[] | { [key: string]: Cursor };

/** Where a rejected record came from, precise enough for a person to open the file and fix it. */
export interface RecordLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
  readonly recordId?: string;
}

/** A record that could not be accepted. Kept (quarantined), never silently dropped. */
export interface RejectedRecord {
  readonly location: RecordLocation;
  readonly reason: string;
  /** The raw input as read, so the row can be repaired and replayed. */
  readonly raw: string;
}

/**
 * A unit of progress: records to upsert, records rejected, and the cursor that is valid once both
 * are stored. The store commits all three in one transaction, so a crash either keeps the whole
 * batch with its cursor or neither, and a resumed sync neither loses nor duplicates records.
 */
export interface SourceBatch {
  readonly stream: string;
  readonly records: readonly SourceRecord[];
  readonly rejected: readonly RejectedRecord[];
  readonly cursor: Cursor;
}

export interface SourceStream {
  /** Stream name, unique within the connector (e.g. "contacts"); the store keys cursors by `${connector}.${stream}`. */
  readonly name: string;
  readonly kind: RecordKind;
}

export interface SourceContext {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /**
   * Ids of one object type this connector must read again (see RereadLedger in the store): a
   * connector that leaves its own writes out of incremental reads reads these explicitly.
   */
  readonly pendingRereads?: (objectType: string) => Promise<readonly string[]>;
}

export interface SourceConnector {
  /** Connector instance name from config, also the `system` of every source ref it emits. */
  readonly name: string;
  streams(): readonly SourceStream[];
  /** Reads one stream from `cursor` (null = from the beginning), yielding committed-size batches. */
  read(stream: string, cursor: Cursor | null, context: SourceContext): AsyncIterable<SourceBatch>;
}
