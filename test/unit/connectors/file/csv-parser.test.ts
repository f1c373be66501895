import { describe, expect, it } from 'vitest';
import { CsvParser, type CsvRecord } from '../../../../connectors/file/csv-parser.ts';

function parseAll(text: string, pieceSize = Number.POSITIVE_INFINITY, delimiter = ','): CsvRecord[] {
  const parser = new CsvParser({ delimiter, firstLine: 1 });
  const out: CsvRecord[] = [];
  // Pieces always end on a line boundary in real reads; cut by lines to mimic that.
  const lines = text.split(/(?<=\n)/);
  let piece = '';
  for (const line of lines) {
    piece += line;
    if (piece.length >= pieceSize) {
      parser.push(piece, out);
      piece = '';
    }
  }
  if (piece) parser.push(piece, out);
  parser.finish(out);
  return out;
}

describe('CsvParser', () => {
  it('splits plain and quoted fields, with doubled quotes inside quotes', () => {
    const records = parseAll('id,name,note\n1,Acme,"a, b"\n2,"Say ""hi""",\n');
    expect(records.map((record) => record.cells)).toEqual([
      ['id', 'name', 'note'],
      ['1', 'Acme', 'a, b'],
      ['2', 'Say "hi"', ''],
    ]);
    expect(records.map((record) => record.line)).toEqual([1, 2, 3]);
  });

  it('reports the line where a multi-line quoted record starts, and counts its lines for the next', () => {
    const text = 'id,note\n1,"first\nsecond\nthird"\n2,plain\n';
    const records = parseAll(text);
    expect(records[1]).toMatchObject({
      line: 2,
      cells: ['1', 'first\nsecond\nthird'],
      raw: '1,"first\nsecond\nthird"',
    });
    expect(records[2]).toMatchObject({ line: 5, cells: ['2', 'plain'] });
  });

  it('gives the same records however the text is cut into pieces', () => {
    const text = 'id,note\n1,"a\nb\nc"\n2,x\n3,"multi\r\nline ""quoted"""\r\n4,y';
    const whole = parseAll(text);
    for (const size of [1, 5, 12]) expect(parseAll(text, size)).toEqual(whole);
    expect(whole.map((record) => record.line)).toEqual([1, 2, 5, 6, 8]);
  });

  it('handles CRLF line endings and a last line without a newline', () => {
    const records = parseAll('a,b\r\n1,2\r\n3,"4"');
    expect(records.map((record) => record.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(records[1]!.raw).toBe('1,2');
  });

  it('ends lines on a lone CR too (old Mac exports), and mixes LF, CRLF and CR in one file', () => {
    const crOnly = parseAll('id,name\r1,Ann\r2,"Bo\rb"\r3,Cy\r');
    expect(crOnly.map((record) => [record.line, record.cells])).toEqual([
      [1, ['id', 'name']],
      [2, ['1', 'Ann']],
      [3, ['2', 'Bo\rb']],
      [5, ['3', 'Cy']],
    ]);
    expect(crOnly[1]!.raw).toBe('1,Ann');
    const mixed = parseAll('a,b\n1,2\r\n3,4\r5,"6"\r7,8');
    expect(mixed.map((record) => [record.line, record.cells])).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3', '4']],
      [4, ['5', '6']],
      [5, ['7', '8']],
    ]);
  });

  it('waits for the next piece when a piece ends in CR (it may be half of a CRLF)', () => {
    const parser = new CsvParser({ delimiter: ',', firstLine: 1 });
    const out: CsvRecord[] = [];
    parser.push('a,b\r\n1,"x"\r', out);
    expect(out.map((record) => record.line)).toEqual([1]);
    parser.push('\n2,y\r', out);
    parser.push('\n', out);
    parser.finish(out);
    expect(out.map((record) => [record.line, record.cells])).toEqual([
      [1, ['a', 'b']],
      [2, ['1', 'x']],
      [3, ['2', 'y']],
    ]);
    expect(parser.nextLine).toBe(4);
  });

  it('skips blank lines but keeps counting them', () => {
    const records = parseAll('a\n\n1\r\n\n2\n');
    expect(records.map((record) => [record.line, record.cells])).toEqual([
      [1, ['a']],
      [3, ['1']],
      [5, ['2']],
    ]);
  });

  it('rejects only the line of an unclosed quote and imports the rest of the file', () => {
    const text = 'id,name,mrr\n1,"Acme,10\n2,Beta,20\n3,Gamma,30\n4,"Delta\nX",40\n5,E,50\n';
    const records = parseAll(text);
    expect(records[1]).toMatchObject({ line: 2, cells: null, raw: '1,"Acme,10' });
    expect(records[1]!.error).toMatch(/after the closing quote|never closed/);
    expect(records.slice(2).map((record) => [record.line, record.cells])).toEqual([
      [3, ['2', 'Beta', '20']],
      [4, ['3', 'Gamma', '30']],
      [5, ['4', 'Delta\nX', '40']],
      [7, ['5', 'E', '50']],
    ]);
  });

  it('rejects a quote that is never closed before the end of the file, keeping the lines after it', () => {
    const records = parseAll('id,name\n1,"open\n2,fine\n3,also fine\n');
    expect(records[1]).toMatchObject({
      line: 2,
      cells: null,
      error: 'a quoted field is never closed (missing closing quote)',
    });
    expect(records.slice(2).map((record) => record.cells)).toEqual([
      ['2', 'fine'],
      ['3', 'also fine'],
    ]);
  });

  it('rejects a quote inside an unquoted field (quotes are not relaxed)', () => {
    const records = parseAll('id,name\n1,ab"c\n2,ok\n');
    expect(records[1]).toMatchObject({ line: 2, cells: null, raw: '1,ab"c' });
    expect(records[1]!.error).toContain('quote inside unquoted field 2');
    expect(records[2]!.cells).toEqual(['2', 'ok']);
  });

  it('gives up waiting for a closing quote after maxRecordChars and resumes on the next line', () => {
    const parser = new CsvParser({ delimiter: ',', firstLine: 1, maxRecordChars: 20 });
    const out: CsvRecord[] = [];
    parser.push('1,"never closed\n', out);
    expect(out).toEqual([]);
    parser.push('2,a\n3,b\n4,c\n', out);
    expect(out.map((record) => [record.line, record.cells])).toEqual([
      [1, null],
      [2, ['2', 'a']],
      [3, ['3', 'b']],
      [4, ['4', 'c']],
    ]);
  });

  it('uses the configured delimiter', () => {
    expect(parseAll('a\tb\n"x\ty"\tz\n', Number.POSITIVE_INFINITY, '\t')[1]!.cells).toEqual(['x\ty', 'z']);
  });

  it('refuses a quote or newline as delimiter', () => {
    expect(() => new CsvParser({ delimiter: '"', firstLine: 1 })).toThrow(/delimiter/);
  });
});
