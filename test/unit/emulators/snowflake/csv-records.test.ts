import { describe, expect, it } from 'vitest';
import {
  type CsvFormat,
  DEFAULT_CSV_FORMAT,
  parseCsv,
} from '../../../../emulators/snowflake/stage/csv-records.ts';
import { parseStageCommand } from '../../../../emulators/snowflake/stage/stage-commands.ts';

const BIND_FORMAT: CsvFormat = { ...DEFAULT_CSV_FORMAT, enclosedBy: '"' };

function records(text: string, format: CsvFormat = BIND_FORMAT): (string | null)[][] {
  const out: (string | null)[][] = [];
  parseCsv(text, format, (fields) => out.push(fields));
  return out;
}

describe('CSV records as Snowflake reads stage files', () => {
  it('reads enclosed fields with doubled quotes, empty as NULL and "" as an empty string', () => {
    expect(records('1,"a ""b"", c",,""\n2,"x\ny",\\N,plain\r\n')).toEqual([
      ['1', 'a "b", c', null, ''],
      ['2', 'x\ny', null, 'plain'],
    ]);
  });

  it('keeps quotes literal when the format encloses nothing, and a lone NULL row is one NULL field', () => {
    expect(records('"a",b\n\n', DEFAULT_CSV_FORMAT)).toEqual([['"a"', 'b'], [null]]);
  });

  it('reports an enclosed field that never closes', () => {
    expect(() => records('1,"open\n')).toThrow('not closed');
  });

  it('parses the statements snowflake-sdk sends for a bind upload', () => {
    expect(
      parseStageCommand(
        `CREATE OR REPLACE TEMPORARY STAGE SYSTEM$BIND file_format=( type=csv field_optionally_enclosed_by='"')`,
      ),
    ).toMatchObject({ kind: 'create', name: 'SYSTEM$BIND', temporary: true, format: BIND_FORMAT });
    expect(
      parseStageCommand(
        "PUT file://1'@SYSTEM$BIND/0f6c' overwrite=true auto_compress=false source_compression=gzip",
      ),
    ).toEqual({
      kind: 'put',
      file: '1',
      stage: { name: 'SYSTEM$BIND', scope: null, path: '0f6c' },
      options: { parallel: 4, autoCompress: false, sourceCompression: 'gzip', overwrite: true },
    });
    expect(parseStageCommand('INSERT INTO t VALUES (?)')).toBeNull();
  });

  it('parses COPY INTO with a nested FILE_FORMAT (NULL_IF lists) and refuses ON_ERROR values it does not implement', () => {
    const copy = parseStageCommand(
      `COPY INTO STAGING (A, B) FROM '@LOADS/abc' FILE_FORMAT = (TYPE = CSV FIELD_OPTIONALLY_ENCLOSED_BY = '"' EMPTY_FIELD_AS_NULL = TRUE NULL_IF = () COMPRESSION = GZIP) ON_ERROR = ABORT_STATEMENT FORCE = TRUE`,
    );
    expect(copy).toMatchObject({
      kind: 'copy',
      table: 'STAGING',
      columns: '(A, B)',
      stage: { name: 'LOADS', path: 'abc' },
      format: { enclosedBy: '"', emptyFieldAsNull: true, nullIf: [] },
      force: true,
    });
    const listed = parseStageCommand(
      `COPY INTO T FROM @S FILE_FORMAT = (TYPE = CSV NULL_IF = ('\\N', 'NULL') EMPTY_FIELD_AS_NULL = FALSE)`,
    );
    expect(listed).toMatchObject({
      format: { nullIf: ['\\N', 'NULL'], emptyFieldAsNull: false },
      force: false,
    });
    expect(() => parseStageCommand('COPY INTO T FROM @S ON_ERROR = CONTINUE')).toThrow('ON_ERROR = CONTINUE');
  });

  it('reads empty unenclosed fields as empty text when EMPTY_FIELD_AS_NULL = FALSE, and NULL_IF values as NULL', () => {
    const format: CsvFormat = { ...BIND_FORMAT, emptyFieldAsNull: false, nullIf: ['NULL'] };
    expect(records('a,,NULL,"NULL"\n', format)).toEqual([['a', '', null, 'NULL']]);
  });
});
