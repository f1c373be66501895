import { SnowflakeError } from '../errors.ts';
import { type CsvFormat, DEFAULT_CSV_FORMAT } from './csv-records.ts';

/** A stage reference: `@NAME`, `@DB.SCHEMA.NAME`, optionally followed by `/path`. */
export interface StageRef {
  readonly name: string;
  /** `DATABASE.SCHEMA` when the reference names them. */
  readonly scope: string | null;
  readonly path: string;
}

export type StageCommand =
  | {
      kind: 'create';
      name: string;
      scope: string | null;
      temporary: boolean;
      format: CsvFormat;
      orReplace: boolean;
      ifNotExists: boolean;
    }
  | { kind: 'drop'; name: string; scope: string | null; ifExists: boolean }
  | { kind: 'put'; file: string; stage: StageRef; options: PutOptions }
  | {
      kind: 'copy';
      table: string;
      columns: string;
      stage: StageRef;
      format: CsvFormat | null;
      force: boolean;
    };

/** PUT options and their documented defaults (https://docs.snowflake.com/en/sql-reference/sql/put). */
export interface PutOptions {
  readonly parallel: number;
  readonly autoCompress: boolean;
  readonly sourceCompression: string;
  readonly overwrite: boolean;
}

const fold = (part: string): string =>
  part.startsWith('"') && part.endsWith('"') ? part.slice(1, -1).replaceAll('""', '"') : part.toUpperCase();

function objectName(text: string): { name: string; scope: string | null } {
  const parts = text.split('.').map(fold);
  if (parts.length === 1) return { name: parts[0]!, scope: null };
  if (parts.length === 3) return { name: parts[2]!, scope: `${parts[0]}.${parts[1]}` };
  throw new SnowflakeError(
    '001003',
    '42000',
    `SQL compilation error:\nstage name ${text} must be NAME or DATABASE.SCHEMA.NAME`,
  );
}

/** `@NAME/path` as the driver writes it (bind_uploader.js quotes it: `'@SYSTEM$BIND/<uuid>'`). */
export function parseStageRef(text: string): StageRef {
  const unquoted = text.replace(/^'(.*)'$/s, '$1');
  if (!unquoted.startsWith('@'))
    throw new SnowflakeError('001003', '42000', `SQL compilation error:\n${text} is not a stage reference`);
  const body = unquoted.slice(1);
  if (body.startsWith('~') || body.startsWith('%')) {
    throw new SnowflakeError(
      '000002',
      '0A000',
      `Unsupported feature: user and table stages (${unquoted}) are not emulated; create a named or temporary stage`,
    );
  }
  const slash = body.indexOf('/');
  const { name, scope } = objectName(slash < 0 ? body : body.slice(0, slash));
  const path = slash < 0 ? '' : body.slice(slash + 1).replace(/\/+$/, '');
  return { name, scope, path };
}

function parseOptions(text: string): Map<string, string> {
  const options = new Map<string, string>();
  for (const match of text.matchAll(/(\w+)\s*=\s*('(?:[^']|'')*'|\([^)]*\)|[^\s]+)/g))
    options.set(match[1]!.toUpperCase(), match[2]!.replace(/^'(.*)'$/s, '$1'));
  return options;
}

const truthy = (value: string | undefined, fallback: boolean): boolean =>
  value === undefined ? fallback : /^(true|1|yes|on)$/i.test(value);

/** FILE_FORMAT = (TYPE = CSV FIELD_OPTIONALLY_ENCLOSED_BY = '"' ...) of CREATE STAGE. */
function csvFormat(clause: string | undefined): CsvFormat {
  if (!clause) return DEFAULT_CSV_FORMAT;
  const options = parseOptions(clause.replace(/^\(|\)$/g, ''));
  const type = (options.get('TYPE') ?? 'CSV').toUpperCase();
  if (type !== 'CSV')
    throw new SnowflakeError(
      '000002',
      '0A000',
      `Unsupported feature: stage file format TYPE = ${type}; the emulator reads CSV`,
    );
  const enclosed = options.get('FIELD_OPTIONALLY_ENCLOSED_BY');
  const delimiter = options.get('FIELD_DELIMITER');
  return {
    fieldDelimiter: delimiter && delimiter.length === 1 ? delimiter : DEFAULT_CSV_FORMAT.fieldDelimiter,
    enclosedBy:
      !enclosed || /^none$/i.test(enclosed) ? null : enclosed.replaceAll("\\'", "'").replaceAll("''", "'"),
  };
}

const CREATE_STAGE =
  /^\s*CREATE\s+(OR\s+REPLACE\s+)?(TEMP\s+|TEMPORARY\s+)?STAGE\s+(IF\s+NOT\s+EXISTS\s+)?((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+)){0,2})(.*)$/is;
const DROP_STAGE =
  /^\s*DROP\s+STAGE\s+(IF\s+EXISTS\s+)?((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+)){0,2})\s*;?\s*$/is;
/** `PUT file://<path> @stage[/path] [options]`; the driver leaves no space before a quoted stage. */
const PUT = /^\s*PUT\s+'?file:\/\/([^'\s]+)'?\s*'?(@[^'\s]+)'?(.*)$/is;

/** `COPY INTO <table> [(<columns>)] FROM @stage[/path] [FILE_FORMAT = (...)] [FORCE = TRUE]`. */
const COPY =
  /^\s*COPY\s+INTO\s+((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+)){0,2})\s*(\([^)]*\))?\s+FROM\s+('@[^']+'|@[^\s;]+)(.*)$/is;

/** The stage statements the emulator handles itself (they never reach the SQL engine as written). */
export function parseStageCommand(sql: string): StageCommand | null {
  const copy = COPY.exec(sql);
  if (copy) {
    const rest = (copy[4] ?? '').replace(/;\s*$/, '');
    const format = /FILE_FORMAT\s*=\s*(\([^)]*\))/i.exec(rest)?.[1];
    return {
      kind: 'copy',
      table: copy[1]!,
      columns: copy[2] ?? '',
      stage: parseStageRef(copy[3]!),
      format: format ? csvFormat(format) : null,
      force: truthy(parseOptions(rest.replace(/FILE_FORMAT\s*=\s*\([^)]*\)/i, '')).get('FORCE'), false),
    };
  }
  const create = CREATE_STAGE.exec(sql);
  if (create) {
    const rest = create[5] ?? '';
    const format = /FILE_FORMAT\s*=\s*(\([^)]*\))/i.exec(rest)?.[1];
    return {
      kind: 'create',
      ...objectName(create[4]!),
      temporary: Boolean(create[2]),
      format: csvFormat(format),
      orReplace: Boolean(create[1]),
      ifNotExists: Boolean(create[3]),
    };
  }
  const drop = DROP_STAGE.exec(sql);
  if (drop) return { kind: 'drop', ...objectName(drop[2]!), ifExists: Boolean(drop[1]) };
  const put = PUT.exec(sql);
  if (put) {
    const options = parseOptions(put[3] ?? '');
    const parallel = Number(options.get('PARALLEL') ?? 4);
    return {
      kind: 'put',
      file: put[1]!,
      stage: parseStageRef(put[2]!),
      options: {
        parallel: Number.isInteger(parallel) && parallel >= 1 && parallel <= 99 ? parallel : 4,
        autoCompress: truthy(options.get('AUTO_COMPRESS'), true),
        sourceCompression: (options.get('SOURCE_COMPRESSION') ?? 'AUTO_DETECT').toLowerCase(),
        overwrite: truthy(options.get('OVERWRITE'), false),
      },
    };
  }
  return null;
}
