import { describe, expect, it } from 'vitest';
import { JsonlParser, type JsonlRecord } from '../../../../connectors/file/jsonl-parser.ts';

describe('JsonlParser line endings and error text', () => {
  it('ends lines on LF, CRLF and a lone CR, counting each once', () => {
    const parser = new JsonlParser(1);
    const out: JsonlRecord[] = [];
    parser.push('{"id":"a"}\r{"id":"b"}\r\n{"id":"c"}\n\r{"id":"d"}', out);
    expect(out.map((record) => [record.line, record.cells])).toEqual([
      [1, { id: 'a' }],
      [2, { id: 'b' }],
      [3, { id: 'c' }],
      [5, { id: 'd' }],
    ]);
  });

  it('says what is wrong with a line without quoting its data', () => {
    const parser = new JsonlParser(1);
    const out: JsonlRecord[] = [];
    parser.push('not json, but ann@example.com and her notes\n{"email": "bo@example.com" "x": 1}\n', out);
    expect(out.map((record) => record.error)).toEqual([
      "invalid JSON: Unexpected token 'o'",
      "invalid JSON: Expected ',' or '}' after property value at character 28",
    ]);
  });
});
