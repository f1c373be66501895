import { describe, expect, it } from 'vitest';
import { JsonlParser, type JsonlRecord } from '../../../../connectors/file/jsonl-parser.ts';

describe('JsonlParser', () => {
  it('parses objects, rejects bad lines with their line numbers, and skips blank lines', () => {
    const parser = new JsonlParser(1);
    const out: JsonlRecord[] = [];
    parser.push('{"id":"a"}\n\n{"id": "b",}\n[1,2]\r\n', out);
    parser.push('"text"\n{"id":"c"}', out);
    expect(out.map((record) => [record.line, record.cells])).toEqual([
      [1, { id: 'a' }],
      [3, null],
      [4, null],
      [5, null],
      [6, { id: 'c' }],
    ]);
    expect(out[1]!.error).toMatch(/^invalid JSON: /);
    expect(out[1]!.raw).toBe('{"id": "b",}');
    expect(out[2]!.error).toBe('expected a JSON object, found an array');
    expect(out[3]!.error).toBe('expected a JSON object, found a string');
    expect(parser.nextLine).toBe(7);
  });
});
