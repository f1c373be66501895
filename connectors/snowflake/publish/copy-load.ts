import type { SnowflakeClient } from '../client.ts';
import { SCORE_CSV_FORMAT } from './score-csv.ts';
import type { ScoreFileWriter } from './score-files.ts';

/** The temporary stage score files go through; replaced per publish, so it holds one publish's files. */
export const PUBLISH_STAGE = 'SCOREBRIDGE_PUBLISH_STAGE';

/** A row Snowflake refused while loading the score files; the publish stops before the MERGE. */
export class SnowflakeRejectedRowError extends Error {
  readonly file: string;
  readonly line: number | null;
  readonly key: readonly string[] | null;
  constructor(message: string, file: string, line: number | null, key: readonly string[] | null) {
    super(message);
    this.file = file;
    this.line = line;
    this.key = key;
  }
}

export interface CopyLoadResult {
  readonly files: number;
  readonly rows: number;
  /** CSV bytes before compression, and the gzip bytes PUT uploaded. */
  readonly textBytes: number;
  readonly compressedBytes: number;
}

/**
 * Loads the written score files into the staging table: PUT uploads every file of the folder in
 * one request (https://docs.snowflake.com/en/sql-reference/sql/put: the files are gzip already,
 * so AUTO_COMPRESS = FALSE and SOURCE_COMPRESSION = GZIP; PARALLEL uploads files side by side),
 * then one COPY INTO reads them all. ON_ERROR = ABORT_STATEMENT (COPY's documented default,
 * https://docs.snowflake.com/en/sql-reference/sql/copy-into-table#copy-options-copyoptions)
 * is spelled out: one bad row fails the whole COPY, loads nothing, and is reported with its file,
 * line and score key; the COPY result is still checked so no row goes missing unnoticed.
 */
export async function copyScoreFiles(
  client: SnowflakeClient,
  staging: string,
  columns: readonly string[],
  writer: ScoreFileWriter,
): Promise<CopyLoadResult> {
  const files = await writer.finish();
  await client.execute(`CREATE OR REPLACE TEMPORARY STAGE ${PUBLISH_STAGE}`);
  const target = `@${PUBLISH_STAGE}/${writer.prefix}`;
  const uploaded = await client.execute(
    `PUT 'file://${writer.folder}/*.csv.gz' '${target}' AUTO_COMPRESS = FALSE SOURCE_COMPRESSION = GZIP PARALLEL = 4 OVERWRITE = TRUE`,
  );
  const failedUpload = uploaded.find((row) => String(row.status) !== 'UPLOADED');
  if (uploaded.length !== files.length || failedUpload) {
    throw new Error(
      `Snowflake PUT uploaded ${uploaded.length} of ${files.length} score files` +
        (failedUpload
          ? `; ${String(failedUpload.source)}: ${String(failedUpload.message || failedUpload.status)}`
          : ''),
    );
  }
  const copySql =
    `COPY INTO ${staging} (${columns.join(', ')}) FROM '${target}' ` +
    `FILE_FORMAT = (${SCORE_CSV_FORMAT}) ON_ERROR = ABORT_STATEMENT`;
  let results: Record<string, unknown>[];
  try {
    results = await client.execute(copySql);
  } catch (error) {
    throw await rejectedRow(error, writer);
  }
  const expected = files.reduce((sum, file) => sum + file.rows, 0);
  const loaded = results.reduce((sum, row) => sum + Number(row.rows_loaded ?? 0), 0);
  const notLoaded = results.find((row) => String(row.status) !== 'LOADED');
  if (loaded !== expected || results.length !== files.length || notLoaded) {
    throw new Error(
      `Snowflake COPY loaded ${loaded} of ${expected} scores from ${results.length} of ${files.length} files` +
        (notLoaded
          ? ` (${String(notLoaded.file)}: ${String(notLoaded.status)}, ${String(notLoaded.first_error ?? '')})`
          : '') +
        '; nothing was merged, publish again.',
    );
  }
  return {
    files: files.length,
    rows: loaded,
    textBytes: files.reduce((sum, file) => sum + file.textBytes, 0),
    compressedBytes: uploaded.reduce((sum, row) => sum + Number(row.targetSize ?? 0), 0),
  };
}

/**
 * Snowflake's COPY error names the file, line, row and column:
 * "<reason>\n  File 'x.csv.gz', line 7, character 1\n  Row 7, column "T"["SCORED_AT":12]".
 */
async function rejectedRow(error: unknown, writer: ScoreFileWriter): Promise<Error> {
  const message = error instanceof Error ? error.message : String(error);
  const where = /File '([^']+)', line (\d+)/.exec(message);
  if (!where) return error instanceof Error ? error : new Error(message);
  const file = where[1]!;
  const line = Number(where[2]);
  const row = Number(/Row (\d+)/.exec(message)?.[1] ?? line);
  const column = /\["([^"]+)":\d+\]/.exec(message)?.[1];
  const key = await writer.keyOf(file, row).catch(() => null);
  const score = key ? `score ${key[0]} ${key[1]} (model ${key[2]})` : 'a score';
  const reason = (message.split('\n')[0] ?? message).replace(/ — in: .*$/, '');
  return new SnowflakeRejectedRowError(
    `Snowflake rejected ${score} in ${file} line ${line}${column ? `, column ${column}` : ''}: ${reason}. ` +
      'The COPY loaded nothing and nothing was merged; fix the value and publish again.',
    file,
    line,
    key,
  );
}
