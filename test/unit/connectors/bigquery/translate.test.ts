import { describe, expect, it } from 'vitest';
import { planParameters } from '../../../../emulators/bigquery/sql/parameters.ts';
import { translateQuery } from '../../../../emulators/bigquery/sql/translate.ts';

const none = planParameters([], undefined);
const one = (sql: string, plan = none) => {
  const [statement] = translateQuery(sql, plan);
  return statement!;
};

describe('GoogleSQL to DuckDB translation', () => {
  it('splits backtick paths into quoted identifiers and turns double-quoted strings into literals', () => {
    expect(one('SELECT "it\'s" AS s FROM `my-proj.ds.t`').sql).toBe(
      `SELECT 'it''s' AS s FROM "my-proj"."ds"."t"`,
    );
  });

  it('maps types, SAFE_CAST, TIMESTAMP_SUB and CURRENT_TIMESTAMP', () => {
    expect(
      one(
        'SELECT SAFE_CAST(x AS INT64), CAST(y AS FLOAT64), TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 5 MINUTE)',
      ).sql,
    ).toBe('SELECT TRY_CAST(x AS BIGINT), CAST(y AS DOUBLE), (now() - INTERVAL (5) MINUTE)');
  });

  it('wraps parameters in a cast to their declared type and leaves @ inside strings alone', () => {
    const plan = planParameters(
      [
        {
          name: 'since',
          parameterType: { type: 'TIMESTAMP' },
          parameterValue: { value: '2024-01-01T00:00:00Z' },
        },
      ],
      'NAMED',
    );
    expect(one("SELECT '@since' AS s WHERE t > @since", plan).sql).toBe(
      "SELECT '@since' AS s WHERE t > CAST($since AS TIMESTAMPTZ)",
    );
    expect(plan.bindings).toEqual({ since: '2024-01-01T00:00:00Z' });
  });

  it('strips PARTITION BY, CLUSTER BY and OPTIONS from CREATE TABLE and reports them', () => {
    const statement = one(
      'CREATE TABLE `p.d.t` (a STRING, at TIMESTAMP) PARTITION BY DATE(at) CLUSTER BY a, b OPTIONS(description="x")',
    );
    expect(statement.type).toBe('CREATE_TABLE');
    expect(statement.sql.trim()).toBe('CREATE TABLE "p"."d"."t" (a VARCHAR, at TIMESTAMPTZ)');
    expect(statement.table).toEqual({
      nameParts: ['p', 'd', 't'],
      partitionField: 'at',
      clusterFields: ['a', 'b'],
    });
  });

  it('makes a BigQuery MERGE acceptable to DuckDB', () => {
    const statement = one(
      'MERGE d.t T USING s S ON T.k = S.k WHEN MATCHED THEN UPDATE SET T.v = S.v, T.w = S.w WHEN NOT MATCHED THEN INSERT ROW',
    );
    expect(statement.type).toBe('MERGE');
    expect(statement.sql).toBe(
      'MERGE INTO d.t T USING s S ON T.k = S.k WHEN MATCHED THEN UPDATE SET v = S.v, w = S.w WHEN NOT MATCHED THEN INSERT',
    );
  });

  it('splits scripts on semicolons outside literals', () => {
    expect(translateQuery("SELECT ';'; SELECT 2", none).map((statement) => statement.sql)).toEqual([
      "SELECT ';'",
      'SELECT 2',
    ]);
  });
});
