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

/**
 * COPY's ON_ERROR (https://docs.snowflake.com/en/sql-reference/sql/copy-into-table#copy-options-copyoptions):
 * ABORT_STATEMENT, the default for bulk loads, fails the whole statement at the first bad row and
 * loads nothing. CONTINUE and SKIP_FILE are refused as unsupported rather than answered wrongly.
 */
export const COPY_ON_ERROR = 'ABORT_STATEMENT';

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

/** `FILE_FORMAT = ( ... )` with nested parentheses (`NULL_IF = ('\\N', 'NULL')`), and the text without it. */
function fileFormatClause(text: string): { clause: string | undefined; rest: string } {
  const start = /FILE_FORMAT\s*=\s*\(/i.exec(text);
  if (!start) return { clause: undefined, rest: text };
  let depth = 0;
  let quoted = false;
  for (let index = start.index + start[0].length - 1; index < text.length; index++) {
    const char = text[index];
    if (char === "'") quoted = !quoted;
    if (quoted) continue;
    if (char === '(') depth++;
    else if (char === ')' && --depth === 0) {
      const open = start.index + start[0].length - 1;
      return {
        clause: text.slice(open, index + 1),
        rest: text.slice(0, start.index) + text.slice(index + 1),
      };
    }
  }
  throw new SnowflakeError('001003', '42000', 'SQL compilation error:\nFILE_FORMAT ( ... ) is not closed');
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
  const options = parseOptions(
    clause.replace(/^\(|\)$/g, '').replace(/NULL_IF\s*=\s*\(\s*\)/i, "NULL_IF = ''"),
  );
  const type = (options.get('TYPE') ?? 'CSV').toUpperCase();
  if (type !== 'CSV')
    throw new SnowflakeError(
      '000002',
      '0A000',
      `Unsupported feature: stage file format TYPE = ${type}; the emulator reads CSV`,
    );
  const enclosed = options.get('FIELD_OPTIONALLY_ENCLOSED_BY');
  const delimiter = options.get('FIELD_DELIMITER');
  const nullIf = options.get('NULL_IF');
  return {
    fieldDelimiter: delimiter && delimiter.length === 1 ? delimiter : DEFAULT_CSV_FORMAT.fieldDelimiter,
    enclosedBy:
      !enclosed || /^none$/i.test(enclosed) ? null : enclosed.replaceAll("\\'", "'").replaceAll("''", "'"),
    emptyFieldAsNull: truthy(options.get('EMPTY_FIELD_AS_NULL'), DEFAULT_CSV_FORMAT.emptyFieldAsNull),
    nullIf:
      nullIf === undefined
        ? DEFAULT_CSV_FORMAT.nullIf
        : [...nullIf.matchAll(/'((?:[^']|'')*)'/g)].map((m) =>
            m[1]!.replaceAll("''", "'").replaceAll('\\\\', '\\'),
          ),
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
    const { clause, rest } = fileFormatClause((copy[4] ?? '').replace(/;\s*$/, ''));
    const options = parseOptions(rest);
    const onError = (options.get('ON_ERROR') ?? COPY_ON_ERROR).toUpperCase();
    if (onError !== COPY_ON_ERROR)
      throw new SnowflakeError(
        '000002',
        '0A000',
        `Unsupported feature: COPY ON_ERROR = ${onError}; the emulator implements ${COPY_ON_ERROR} (the default)`,
      );
    return {
      kind: 'copy',
      table: copy[1]!,
      columns: copy[2] ?? '',
      stage: parseStageRef(copy[3]!),
      format: clause ? csvFormat(clause) : null,
      force: truthy(options.get('FORCE'), false),
    };
  }
  const create = CREATE_STAGE.exec(sql);
  if (create) {
    const format = fileFormatClause(create[5] ?? '').clause;
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
