import { describe, expect, it } from 'vitest';
import { csvField, recordKey, scoreCsvRecord } from '../../../../connectors/snowflake/publish/score-csv.ts';
import { SCORE_COLUMNS, type ScoreRow } from '../../../../core/warehouse/scores-table.ts';

const row: ScoreRow = {
  entity_type: 'contact',
  entity_id: 'c,"1"',
  model: 'churn_risk',
  kind: 'churn',
  model_version: 'line\nbreak',
  score: 42.5,
  probability: null,
  tier: 'high',
  reasons: '[{"text":"a \\"quote\\""}]',
  amount: Number.NaN,
  action: '',
  scored_at: '2026-01-02T03:04:05.000Z',
};

describe('score CSV for Snowflake COPY', () => {
  it('quotes every text value, doubles inner quotes, and keeps NULL (empty) apart from "" (empty text)', () => {
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('""');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(1e-7)).toBe('1e-7');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
    const record = scoreCsvRecord(row);
    expect(record).toBe(
      '"contact","c,""1""","churn_risk","churn","line\nbreak",42.5,,"high","[{""text"":""a \\""quote\\""""}]",,"","2026-01-02T03:04:05.000Z"\n',
    );
    expect(record.split(',').length).toBeGreaterThanOrEqual(SCORE_COLUMNS.length);
  });

  it('finds the key of the n-th record even when records span lines', () => {
    const text = [0, 1, 2].map((i) => scoreCsvRecord({ ...row, entity_id: `c,"${i}"` })).join('');
    expect(recordKey(text, 1)).toEqual(['contact', 'c,"0"', 'churn_risk']);
    expect(recordKey(text, 3)).toEqual(['contact', 'c,"2"', 'churn_risk']);
    expect(recordKey(text, 4)).toBeNull();
  });
});
