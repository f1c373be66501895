import type {
  Cursor,
  RejectedRecord,
  SourceBatch,
  SourceConnector,
  SourceContext,
  SourceStream,
} from '../../core/connectors/source.ts';
import { type SourceRecord, sourceRefSchema } from '../../core/schema/index.ts';
import type { FileConnectorConfig } from './config.ts';
import { describeDuplicate } from './duplicate-ids.ts';
import { fileCursor, planResume } from './file-cursor.ts';
import { type FileIdentity, readFileIdentity } from './file-identity.ts';
import { RowMapping } from './row-mapping.ts';
import { readRowChunks } from './row-reader.ts';
import { resolveStreamSettings, type StreamSettings } from './stream-settings.ts';

export interface FileSourceDeps {
  /** Folder of the config file: `baseDir` and stream paths resolve against it. */
  readonly configDir: string;
  /** Bytes per file read (default 64 KiB); batches end on read boundaries, so this bounds their overshoot. */
  readonly readChunkBytes?: number;
}

const DEFAULT_BATCH_SIZE = 5000;
/** Duplicate ids named one by one in the log; the rest are counted. */
const MAX_DUPLICATE_WARNINGS = 10;

/** Imports contacts, accounts, events and deals from CSV and JSONL files, one stream per file. */
export class FileSourceConnector implements SourceConnector {
  readonly name: string;
  readonly #config: FileConnectorConfig;
  readonly #configDir: string;
  readonly #readChunkBytes: number | undefined;

  constructor(name: string, config: FileConnectorConfig, deps: FileSourceDeps) {
    if (!sourceRefSchema.shape.system.safeParse(name).success) {
      throw new Error(
        `connector name "${name}" must be lower-case letters, digits and "_" (it becomes the source system)`,
      );
    }
    this.name = name;
    this.#config = config;
    this.#configDir = deps.configDir;
    this.#readChunkBytes = deps.readChunkBytes;
  }

  streams(): readonly SourceStream[] {
    return Object.entries(this.#config.streams).map(([name, stream]) => ({ name, kind: stream.kind }));
  }

  /** Absolute paths and defaults of a stream, as `read` will use them. */
  settings(stream: string): StreamSettings {
    return resolveStreamSettings(this.name, this.#config, stream, this.#configDir);
  }

  async *read(stream: string, cursor: Cursor | null, context: SourceContext): AsyncGenerator<SourceBatch> {
    const settings = this.settings(stream);
    const identity = await identityOf(settings);
    const start = planResume(cursor, identity);
    const log = context.logger.child({ connector: this.name, stream, file: settings.file });
    if (start.action === 'skip') {
      log.info(start.reason + '; nothing to import');
      return;
    }
    log.info({ offset: start.offset, line: start.line }, start.reason);

    const batchSize = this.#config.batchSize ?? DEFAULT_BATCH_SIZE;
    const rows = new RowMapping(settings, start.header, new Date(Math.floor(identity.mtimeMs)).toISOString());
    let records: SourceRecord[] = [];
    let rejected: RejectedRecord[] = [];
    let position = { offset: start.offset, line: start.line };
    const chunks = readRowChunks({
      path: settings.file,
      format: settings.format,
      delimiter: settings.delimiter,
      encoding: settings.encoding,
      startOffset: start.offset,
      startLine: start.line,
      chunkBytes: this.#readChunkBytes,
      // Room for a few cells at the size limit before an open quote is called unclosed.
      maxRecordChars: Math.max(1_000_000, 4 * settings.maxFieldBytes),
    });
    let total = { records: 0, rejected: 0 };
    let reportedDuplicates = 0;
    for await (const chunk of chunks) {
      context.signal?.throwIfAborted();
      for (const row of chunk.rows) rows.accept(row, records, rejected);
      for (const duplicate of rows.duplicates.drain()) {
        if (reportedDuplicates++ < MAX_DUPLICATE_WARNINGS) log.warn(describeDuplicate(duplicate));
      }
      position = { offset: chunk.endOffset, line: chunk.nextLine };
      if (records.length + rejected.length >= batchSize) {
        total = { records: total.records + records.length, rejected: total.rejected + rejected.length };
        yield { stream, records, rejected, cursor: fileCursor(identity, position, rows.header, false) };
        records = [];
        rejected = [];
      }
    }
    total = { records: total.records + records.length, rejected: total.rejected + rejected.length };
    const duplicates = rows.duplicates.count;
    if (duplicates > 0) {
      log.warn(
        { duplicates },
        `${duplicates.toLocaleString('en-US')} row${duplicates === 1 ? ' repeats an id' : 's repeat ids'} of earlier rows in ${settings.displayFile}; for each id the row with the newest updatedAt was kept` +
          (duplicates > MAX_DUPLICATE_WARNINGS
            ? ` (the first ${MAX_DUPLICATE_WARNINGS} are listed above)`
            : ''),
      );
    }
    log.info({ ...total, duplicates }, 'file read');
    // Always end with a batch: its cursor marks the file complete, so an unchanged file is skipped next time.
    yield { stream, records, rejected, cursor: fileCursor(identity, position, rows.header, true) };
  }
}

async function identityOf(settings: StreamSettings): Promise<FileIdentity> {
  try {
    return await readFileIdentity(settings.file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new Error(
        `stream "${settings.stream}": file not found: ${settings.file} (path "${settings.displayFile}" is relative to baseDir)`,
      );
    }
    throw error;
  }
}
