import { describe, expect, it } from 'vitest';
import { closestName } from '../../../scoring/eval/closest-name.ts';
import { inferIsNumeric, toTypedColumn } from '../../../scoring/eval/column-types.ts';
import { parseTabularCsv } from '../../../scoring/eval/csv-dataset.ts';

const none = new Set<string>();

describe('column type inference', () => {
  it('treats a column as numeric only when every non-missing cell is a plain number', () => {
    expect(inferIsNumeric(['1', ' 2.5', '-3e2', '', '.5'], none)).toBe(true);
    expect(inferIsNumeric(['1', 'two'], none)).toBe(false);
    expect(inferIsNumeric(['0x10', '1'], none)).toBe(false);
    expect(inferIsNumeric(['1', 'NA'], new Set(['NA']))).toBe(true);
    expect(inferIsNumeric(['', ' '], none)).toBe(false);
  });
  it('codes categoricals by sorted label and keeps blanks and missing tokens as NaN', () => {
    const column = toTypedColumn(['No', 'Yes', 'Select', ' No ', ''], new Set(['Select']));
    expect(column.categorical).toBe(true);
    expect(column.labels).toEqual(['No', 'Yes']);
    expect(Array.from(column.values)).toEqual([0, 1, Number.NaN, 0, Number.NaN]);
    expect(column.missing).toBe(2);
  });
});

describe('parseTabularCsv', () => {
  const csv = [
    'id;plan;spend;region;Churn;empty',
    'a;basic;10,5;north;Yes;',
    'b;pro;;Select;No;',
    'c;basic;7;south;no;',
  ].join('\n');

  it('builds the Dataset contract with inferred types, missing tokens and a 0/1 target', () => {
    const text = csv.replace('10,5', '10.5').replace(';no;', ';No;');
    const loaded = parseTabularCsv(text, {
      target: 'Churn',
      delimiter: ';',
      missingTokens: ['Select'],
      drop: ['id'],
    });
    expect(loaded.data.featureNames).toEqual(['plan', 'spend', 'region']);
    expect(loaded.data.categorical).toEqual([true, false, true]);
    expect(Array.from(loaded.data.columns[1] ?? [])).toEqual([10.5, Number.NaN, 7]);
    expect(Array.from(loaded.data.columns[2] ?? [])).toEqual([0, Number.NaN, 1]);
    expect(loaded.data.categoryLabels?.[0]).toEqual(['basic', 'pro']);
    expect(Array.from(loaded.y)).toEqual([1, 0, 0]);
    expect(loaded.positiveLabel).toBe('Yes');
    expect(loaded.droppedColumns).toEqual(['id', 'empty']);
    expect(loaded.warnings.join()).toMatch(/'empty' is empty/);
  });
  it('auto-detects 1 as the positive value of a 0/1 target and honours --positive', () => {
    const text = 'x,target\n1,0\n2,1\n3,0\n';
    expect(Array.from(parseTabularCsv(text, { target: 'target' }).y)).toEqual([0, 1, 0]);
    expect(Array.from(parseTabularCsv(text, { target: 'target', positive: '0' }).y)).toEqual([1, 0, 1]);
  });
  it('asks for --positive when the target has no recognisable positive value or more than two values', () => {
    expect(() => parseTabularCsv('x,t\n1,won\n2,lost\n', { target: 't' })).toThrow(/pass --positive/);
    expect(() => parseTabularCsv('x,t\n1,a\n2,b\n3,c\n', { target: 't' })).toThrow(/3 distinct values/);
    expect(() => parseTabularCsv('x,t\n1,a\n2,b\n', { target: 't', positive: 'z' })).toThrow(/never occurs/);
    expect(Array.from(parseTabularCsv('x,t\n1,a\n2,b\n3,c\n', { target: 't', positive: 'c' }).y)).toEqual([
      0, 0, 1,
    ]);
  });
  it('names the missing target column and suggests the closest header', () => {
    expect(() => parseTabularCsv(csv, { target: 'churn', delimiter: ';', source: 'crm.csv' })).toThrow(
      /target column 'churn' not found in crm\.csv\. Did you mean 'Churn'\?/,
    );
    expect(() => parseTabularCsv(csv, { target: 'Churn', delimiter: ';', drop: ['regoin'] })).toThrow(
      /Did you mean 'region'/,
    );
  });
  it('skips rows with a blank target and says so', () => {
    const loaded = parseTabularCsv('x,t\n1,Yes\n2,\n3,No\n', { target: 't' });
    expect(loaded.data.nRows).toBe(2);
    expect(loaded.rowsWithoutTarget).toBe(1);
    expect(loaded.warnings[0]).toMatch(/1 rows have no value/);
  });
  it('reports a ragged row with its line number', () => {
    expect(() => parseTabularCsv('x,t\n1,Yes\n2,No,extra\n', { target: 't', source: 'bad.csv' })).toThrow(
      /bad\.csv.*line 3/,
    );
  });
  it('warns about identifier-like columns', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `id${i},${i % 2 ? 'Yes' : 'No'}`);
    const loaded = parseTabularCsv(`customerID,t\n${rows.join('\n')}`, { target: 't' });
    expect(loaded.warnings.join()).toMatch(/looks like an identifier, consider --drop 'customerID'/);
  });
});

describe('closestName', () => {
  it('ignores case and returns undefined when nothing is close', () => {
    expect(closestName('total charges', ['TotalCharges', 'tenure'])).toBe('TotalCharges');
    expect(closestName('zzzzzz', ['TotalCharges', 'tenure'])).toBeUndefined();
  });
});
