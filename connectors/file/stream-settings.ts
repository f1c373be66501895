import { extname, resolve } from 'node:path';
import type { RecordKind } from '../../core/schema/index.ts';
import type { FileConnectorConfig, FileStreamConfig } from './config.ts';
import type { FileEncoding } from './text-pieces.ts';
import { DEFAULT_MAX_FIELD_BYTES } from './unsafe-cells.ts';

export type ScalarValue = string | number | boolean | null;

/** One stream's configuration with every default applied and its file path made absolute. */
export interface StreamSettings {
  readonly stream: string;
  readonly kind: RecordKind;
  /** Absolute path of the file. */
  readonly file: string;
  /** The path as written in the config, for messages people read. */
  readonly displayFile: string;
  readonly format: 'csv' | 'jsonl';
  readonly delimiter: string;
  readonly encoding: FileEncoding;
  /** Connector instance name: the `system` of every source ref. */
  readonly system: string;
  readonly objectType: string;
  readonly accountObjectType: string;
  readonly contactObjectType: string;
  readonly idColumn: string | null;
  readonly columns: Readonly<Record<string, string>>;
  readonly defaults: Readonly<Record<string, ScalarValue>>;
  readonly eventTypes: Readonly<Record<string, string>>;
  readonly valueMaps: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly properties: readonly string[];
  readonly timezone: string;
  readonly dateFormat: string;
  readonly missing: readonly string[];
  readonly booleanTrue: readonly string[];
  readonly booleanFalse: readonly string[];
  /** Largest cell accepted, in UTF-8 bytes. */
  readonly maxFieldBytes: number;
}

export const DEFAULT_MISSING = ['', 'NULL', 'null', 'N/A'] as const;
export const DEFAULT_TRUE = ['true', 'yes', 'y', '1', 't'] as const;
export const DEFAULT_FALSE = ['false', 'no', 'n', '0', 'f'] as const;

const FORMAT_BY_EXTENSION: Readonly<Record<string, { format: 'csv' | 'jsonl'; delimiter: string }>> = {
  '.csv': { format: 'csv', delimiter: ',' },
  '.tsv': { format: 'csv', delimiter: '\t' },
  '.jsonl': { format: 'jsonl', delimiter: ',' },
  '.ndjson': { format: 'jsonl', delimiter: ',' },
};

export function resolveStreamSettings(
  system: string,
  config: FileConnectorConfig,
  stream: string,
  configDir: string,
): StreamSettings {
  const streamConfig = config.streams[stream];
  if (!streamConfig) throw new Error(`file connector "${system}" has no stream "${stream}"`);
  const byExtension = FORMAT_BY_EXTENSION[extname(streamConfig.path).toLowerCase()];
  const format = streamConfig.format ?? byExtension?.format;
  if (!format) {
    throw new Error(
      `${system}.streams.${stream}: cannot tell the format of "${streamConfig.path}" from its extension; ` +
        'set format: csv or format: jsonl',
    );
  }
  return {
    stream,
    kind: streamConfig.kind,
    file: resolve(configDir, config.baseDir ?? '.', streamConfig.path),
    displayFile: streamConfig.path,
    format,
    delimiter: streamConfig.delimiter ?? byExtension?.delimiter ?? ',',
    encoding: streamConfig.encoding ?? config.encoding ?? 'utf8',
    system,
    objectType: streamConfig.objectType ?? stream,
    accountObjectType: streamConfig.accountObjectType ?? objectTypeOfKind(config, 'account', 'accounts'),
    contactObjectType: streamConfig.contactObjectType ?? objectTypeOfKind(config, 'contact', 'contacts'),
    idColumn: streamConfig.id ?? null,
    columns: streamConfig.columns ?? {},
    defaults: streamConfig.defaults ?? {},
    eventTypes: streamConfig.eventTypes ?? {},
    valueMaps: streamConfig.valueMaps ?? {},
    properties: streamConfig.properties ?? [],
    timezone: streamConfig.timezone ?? config.timezone ?? 'UTC',
    dateFormat: streamConfig.dateFormat ?? config.dateFormat ?? 'auto',
    missing: streamConfig.missing ?? config.missing ?? DEFAULT_MISSING,
    booleanTrue: streamConfig.booleanTrue ?? config.booleanTrue ?? DEFAULT_TRUE,
    booleanFalse: streamConfig.booleanFalse ?? config.booleanFalse ?? DEFAULT_FALSE,
    maxFieldBytes: streamConfig.maxFieldBytes ?? config.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES,
  };
}

/** References point at the connector's own stream of that kind when there is exactly one. */
function objectTypeOfKind(config: FileConnectorConfig, kind: RecordKind, fallback: string): string {
  const matches = Object.entries(config.streams).filter(
    ([, stream]: [string, FileStreamConfig]) => stream.kind === kind,
  );
  if (matches.length !== 1) return fallback;
  const [name, stream] = matches[0]!;
  return stream.objectType ?? name;
}
