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
});
