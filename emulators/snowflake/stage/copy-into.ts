import { columnCodec } from '../engine/rowtype.ts';
import type { EngineSession, StatementResult } from '../engine/session.ts';
import { stagedRows } from './stage-binds.ts';
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

/**
 * COPY INTO <table> FROM @stage: every file under the path is read with the statement's or the
 * stage's file format and inserted into the table. Like Snowflake, a file that was already loaded
 * into that table is skipped unless FORCE = TRUE (load metadata,
 * https://docs.snowflake.com/en/user-guide/data-load-considerations-load#load-metadata), and with
 * nothing left to load the answer is "Copy executed with 0 files processed."
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
  const reader = command.format ? { ...stage, format: command.format } : stage;
  const rowset: (string | null)[][] = [];
  for (const [file] of pending) {
    const staged = stagedRows(reader, file);
    const columns = staged.binds.types.length;
    const values = Array.from({ length: columns }, () => '?').join(', ');
    await session.execute(
      `INSERT INTO ${command.table} ${command.columns} VALUES (${values})`,
      staged.binds,
      undefined,
    );
    loaded.add(key(file));
    const rows = String(staged.rows);
    rowset.push([file, 'LOADED', rows, rows, '1', '0', null, null, null, null]);
  }
  return { rowtype: COPY_COLUMNS, rowset, statementTypeId: 0x3000 };
}
