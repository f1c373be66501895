import type { DecodedBinds } from '../engine/binds.ts';
import { columnCodec } from '../engine/rowtype.ts';
import type { EngineSession, StatementResult } from '../engine/session.ts';
import { SnowflakeError } from '../errors.ts';
import { type CopiedFile, stagedFileRows } from './stage-binds.ts';
import type { StageCommand } from './stage-commands.ts';
import { filesUnder, type Stage } from './stage-store.ts';

const text = (name: string) => columnCodec(name, 17, 'VARCHAR', undefined).column;
const count = (name: string) => columnCodec(name, 5, 'BIGINT', undefined).column;

/** The columns COPY INTO <table> reports, one row per file (https://docs.snowflake.com/en/sql-reference/sql/copy-into-table#output). */
const COPY_COLUMNS = [
  text('file'),
  text('status'),
  count('rows_parsed'),
  count('rows_loaded'),
  count('error_limit'),
  count('errors_seen'),
  text('first_error'),
  count('first_error_line'),
  count('first_error_character'),
  text('first_error_column_name'),
];

/** Load metadata: which files of a stage each table has loaded. */
const loadedFiles = new WeakMap<Stage, Set<string>>();
let probes = 0;

/**
 * COPY INTO <table> FROM @stage: every file under the path is read with the statement's or the
 * stage's file format and inserted into the table. Like Snowflake, a file that was already loaded
 * into that table is skipped unless FORCE = TRUE (load metadata,
 * https://docs.snowflake.com/en/user-guide/data-load-considerations-load#load-metadata), and with
 * nothing left to load the answer is "Copy executed with 0 files processed."
 * ON_ERROR = ABORT_STATEMENT: all files go in as one statement, so a row that cannot be converted
 * fails the COPY with nothing loaded, and the error names its file, line and row as Snowflake's does.
 */
export async function copyIntoTable(
  session: EngineSession,
  stage: Stage,
  command: Extract<StageCommand, { kind: 'copy' }>,
): Promise<StatementResult> {
  const loaded = loadedFiles.get(stage) ?? new Set<string>();
  loadedFiles.set(stage, loaded);
  const key = (file: string) =>
    `${session.database}.${session.schema}\u0000${command.table.toUpperCase()}\u0000${file}`;
  const pending = filesUnder(stage, command.stage.path).filter(
    ([file]) => command.force || !loaded.has(key(file)),
  );
  if (pending.length === 0) {
    return {
      rowtype: [text('status')],
      rowset: [['Copy executed with 0 files processed.']],
      statementTypeId: 0x3000,
    };
  }
  const format = command.format ?? stage.format;
  const files = pending.map(([file, bytes]) => stagedFileRows(file, bytes, format));
  const rows = files.flatMap((file) => file.rows);
  const columns = rows[0]?.length ?? 0;
  const binds = (part: (string | null)[][]): DecodedBinds => ({
    rows: part,
    types: Array.from({ length: columns }, () => 'TEXT'),
    isArray: true,
  });
  const insert = (table: string) =>
    `INSERT INTO ${table} ${command.columns} VALUES (${Array.from({ length: columns }, () => '?').join(', ')})`;
  if (rows.length > 0) {
    try {
      await session.execute(insert(command.table), binds(rows), undefined);
    } catch (error) {
      if (!(error instanceof SnowflakeError)) throw error;
      const names = command.columns
        .replace(/^\(|\)$/g, '')
        .split(',')
        .map((name) => name.trim());
      throw await locateRejectedRow(session, command.table, names, files, error, insert, binds);
    }
  }
  for (const file of files) loaded.add(key(file.name));
  const rowset = files.map((file) => {
    const n = String(file.rows.length);
    return [file.name, 'LOADED', n, n, '1', '0', null, null, null, null];
  });
  return { rowtype: COPY_COLUMNS, rowset, statementTypeId: 0x3000 };
}

/**
 * Finds the first row the table refuses by loading halves into an empty copy of the table (the
 * statement itself loaded nothing), then reports it in Snowflake's COPY error layout:
 * "<reason>\n  File '<file>', line <n>, character 1\n  Row <n> starts at line <n>, ...".
 */
async function locateRejectedRow(
  session: EngineSession,
  table: string,
  columnNames: readonly string[],
  files: readonly CopiedFile[],
  cause: SnowflakeError,
  insert: (table: string) => string,
  binds: (rows: (string | null)[][]) => DecodedBinds,
): Promise<SnowflakeError> {
  const probe = `__SF_COPY_PROBE_${++probes}`;
  await session.execute(`CREATE TEMPORARY TABLE ${probe} LIKE ${table}`, undefined, undefined);
  try {
    for (const file of files) {
      let low = 0;
      let high = file.rows.length;
      let reason = cause.message;
      const fails = async (from: number, to: number): Promise<boolean> => {
        try {
          await session.execute(insert(probe), binds(file.rows.slice(from, to)), undefined);
          return false;
        } catch (error) {
          reason = (error as Error).message;
          return true;
        }
      };
      if (!(await fails(low, high))) continue;
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (await fails(low, middle)) high = middle;
        else low = middle;
      }
      await fails(low, high);
      const row = low + 1;
      const line = file.lines[low]!;
      // DuckDB names the bound value it could not cast (p<n>); Snowflake names the column and its position.
      const position = Number(/source column p(\d+)/.exec(reason)?.[1] ?? 0);
      const named = columnNames[position - 1]?.replaceAll('"', '');
      const column = named ? `["${named}":${position}]` : '';
      return new SnowflakeError(
        cause.code,
        cause.sqlState,
        `${reason}\n  File '${file.name}', line ${line}, character 1\n  Row ${row}, column "${table.replaceAll('"', '').toUpperCase()}"${column}\n` +
          "  If you would like to continue loading when an error is encountered, use other values such as 'SKIP_FILE' or 'CONTINUE' for the ON_ERROR option.",
      );
    }
    return cause;
  } finally {
    await session.execute(`DROP TABLE IF EXISTS ${probe}`, undefined, undefined);
  }
}
