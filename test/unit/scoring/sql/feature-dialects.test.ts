import { describe, expect, it } from 'vitest';
import { jsonPath } from '../../../../emulators/snowflake/sql/functions.ts';
import { builtinFeatureSet } from '../../../../scoring/features/feature-set.ts';
import type { DealMeasure, EventMeasure } from '../../../../scoring/features/plan/ir.ts';
import { compileFeatureQuery } from '../../../../scoring/features/sql/compile.ts';
import type { FeatureDialect } from '../../../../scoring/features/sql/dialect.ts';
import { bigQueryFeatures } from '../../../../scoring/features/sql/dialects/bigquery.ts';
import { duckDbFeatures } from '../../../../scoring/features/sql/dialects/duckdb.ts';
import { snowflakeFeatures } from '../../../../scoring/features/sql/dialects/snowflake.ts';
import { dealMeasureSql, eventMeasureSql } from '../../../../scoring/features/sql/measures.ts';
import { targetsSql } from '../../../../scoring/features/sql/populations.ts';

const scope = { row: 'e', cutoff: 'e.cutoff_ms' };
const plan = { names: ['plan'] };
const logins: EventMeasure = {
  source: 'events',
  scope: 'self',
  select: { names: ['login'], conditions: [{ property: plan, test: { op: 'in', values: ['pro'] } }] },
  range: { after: null, within: 30 },
  agg: 'count',
};
const seats: EventMeasure = {
  source: 'events',
  scope: 'self',
  select: { names: ['subscription_change'], conditions: [] },
  range: { after: 7, within: null },
  agg: 'sum',
  value: { kind: 'property', ref: { names: ['seats', 'licenses'] } },
};
const latestPlan: EventMeasure = {
  source: 'events',
  scope: 'account',
  select: { names: ['subscription_change'], conditions: [] },
  range: { after: null, within: null },
  agg: 'latest_text',
  ref: plan,
};
const latestMrr: EventMeasure = {
  ...latestPlan,
  agg: 'latest_number',
  value: { kind: 'value' },
} as EventMeasure;
const features: EventMeasure = {
  source: 'events',
  scope: 'self',
  select: {
    names: null,
    conditions: [{ property: { names: ['page'] }, test: { op: 'contains_any', values: ['pricing'] } }],
  },
  range: { after: null, within: 90 },
  agg: 'distinct_value',
  ref: { names: ['feature'] },
};
const wonAmount: DealMeasure = { source: 'deals', scope: 'self', state: 'won', agg: 'avg' };

/** Constructs only DuckDB accepts, which neither warehouse (nor its emulator's input) should see. */
const duckDbOnly = [
  /::/,
  /\bFILTER\s*\(\s*WHERE/i,
  /\barg_max\b/i,
  /\bjson_extract(_string)?\s*\(/i,
  /\bepoch_ms\b/i,
  /\bTRY_CAST\b/i,
  /\bisfinite\b/i,
  /\[\s*e\.at_ms/,
];

/** Index of the `(` that the `)` at `close` ends. */
function openingParen(code: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (code[i] === ')') depth++;
    else if (code[i] === '(' && --depth === 0) return i;
  }
  return -1;
}

function stripLiterals(sql: string): string {
  return sql.replace(/'(?:[^'\\]|\\.|'')*'/g, "''");
}

describe('feature dialects', () => {
  it('BigQuery: COUNTIF, JSON_VALUE with quoted paths, SAFE_CAST guarded against inf/NaN, ARRAY_AGG for the latest value', () => {
    const d = bigQueryFeatures;
    expect(eventMeasureSql(d, logins, scope)).toBe(
      `COUNTIF(e.name IN ('login') AND e.at_ms >= e.cutoff_ms - 2592000000 AND LOWER(NULLIF(JSON_VALUE(e.properties, '$."plan"'), '')) IN ('pro'))`,
    );
    const number = `SAFE_CAST(TRIM(NULLIF(COALESCE(JSON_VALUE(e.properties, '$."seats"'), JSON_VALUE(e.properties, '$."licenses"')), '')) AS FLOAT64)`;
    expect(eventMeasureSql(d, seats, scope)).toBe(
      `SUM(IF(e.name IN ('subscription_change') AND e.at_ms < e.cutoff_ms - 604800000, CAST((CASE WHEN IS_INF(${number}) OR IS_NAN(${number}) THEN NULL ELSE ${number} END) AS FLOAT64), NULL))`,
    );
    expect(eventMeasureSql(d, latestPlan, scope)).toBe(
      `ARRAY_AGG(IF(e.name IN ('subscription_change'), NULLIF(JSON_VALUE(e.properties, '$."plan"'), ''), NULL) IGNORE NULLS ORDER BY e.at_ms DESC, e.event_id DESC LIMIT 1)[SAFE_OFFSET(0)]`,
    );
    expect(eventMeasureSql(d, features, scope)).toBe(
      `COUNT(DISTINCT IF(e.at_ms >= e.cutoff_ms - 7776000000 AND ((STRPOS(LOWER(NULLIF(JSON_VALUE(e.properties, '$."page"'), '')), 'pricing') > 0)), NULLIF(JSON_VALUE(e.properties, '$."feature"'), ''), NULL))`,
    );
    expect(dealMeasureSql(d, wonAmount, { row: 'd', cutoff: 't.cutoff_ms' })).toMatch(
      /^AVG\(IF\(COALESCE\(d\.created_ms, d\.updated_ms\) < t\.cutoff_ms AND .* AND d\.status = 'won', CAST\(d\.amount AS FLOAT64\), NULL\)\)$/,
    );
    expect(d.jsonText('p', "it's")).toBe(`JSON_VALUE(p, '$."it\\'s"')`);
  });

  it('Snowflake: COUNT_IF, JSON_EXTRACT_PATH_TEXT, TRY_TO_DOUBLE below infinity, GET(ARRAY_AGG WITHIN GROUP, 0) cast back to its type', () => {
    const d = snowflakeFeatures;
    expect(eventMeasureSql(d, logins, scope)).toBe(
      `COUNT_IF(e.name IN ('login') AND e.at_ms >= e.cutoff_ms - 2592000000 AND LOWER(NULLIF(JSON_EXTRACT_PATH_TEXT(e.properties, '"plan"'), '')) IN ('pro'))`,
    );
    const number = `TRY_TO_DOUBLE(TRIM(NULLIF(COALESCE(JSON_EXTRACT_PATH_TEXT(e.properties, '"seats"'), JSON_EXTRACT_PATH_TEXT(e.properties, '"licenses"')), '')))`;
    expect(eventMeasureSql(d, seats, scope)).toBe(
      `SUM(IFF(e.name IN ('subscription_change') AND e.at_ms < e.cutoff_ms - 604800000, CAST(IFF(ABS(${number}) < CAST('inf' AS DOUBLE), ${number}, NULL) AS DOUBLE), NULL))`,
    );
    expect(eventMeasureSql(d, latestPlan, scope)).toBe(
      `CAST(GET(ARRAY_AGG(IFF(e.name IN ('subscription_change'), NULLIF(JSON_EXTRACT_PATH_TEXT(e.properties, '"plan"'), ''), NULL)) WITHIN GROUP (ORDER BY e.at_ms DESC, e.event_id DESC), 0) AS VARCHAR)`,
    );
    expect(eventMeasureSql(d, latestMrr, scope)).toBe(
      `CAST(GET(ARRAY_AGG(IFF(e.name IN ('subscription_change'), e.value, NULL)) WITHIN GROUP (ORDER BY e.at_ms DESC, e.event_id DESC), 0) AS DOUBLE)`,
    );
    expect(eventMeasureSql(d, features, scope)).toContain(
      `COUNT(DISTINCT IFF(e.at_ms >= e.cutoff_ms - 7776000000 AND (CONTAINS(LOWER(`,
    );
    expect(d.jsonInstant('p', 'customer_since')).toContain(
      `IS_VARCHAR(GET(TRY_PARSE_JSON(p), 'customer_since'))`,
    );
    // The emulator reads the same path syntax.
    expect(jsonPath('"plan"')).toBe('$."plan"');
    expect(jsonPath('a.b[0]')).toBe('$."a"."b"[0]');
  });

  it('DuckDB keeps its own constructs (the parity test pins its semantics)', () => {
    expect(eventMeasureSql(duckDbFeatures, latestPlan, scope)).toMatch(
      /^arg_max\(.*, CASE WHEN .* THEN \[e\.at_ms, e\.event_id\] END\)$/,
    );
  });

  for (const dialect of [bigQueryFeatures, snowflakeFeatures] as FeatureDialect[]) {
    it(`${dialect.sql.name}: whole feature queries use only warehouse SQL, quote as the warehouse does, and balance`, () => {
      for (const [entity, kind] of [
        ['contact', 'lead'],
        ['account', 'churn'],
      ] as const) {
        const sql = compileFeatureQuery(builtinFeatureSet(entity).plan, {
          dialect,
          targets: `(${targetsSql(dialect, { kind, cutoffs: [Date.parse('2026-11-01T00:00:00Z')] })})`,
        });
        const code = stripLiterals(sql);
        for (const pattern of duckDbOnly) expect(code, String(pattern)).not.toMatch(pattern);
        expect(code.split('(').length).toBe(code.split(')').length);
        if (dialect.sql.name === 'bigquery') {
          expect(code).not.toContain('"');
          expect(code).not.toMatch(/\b(DOUBLE|VARCHAR)\b/);
          expect(code).toMatch(/ AS `login_30d`/);
        } else {
          expect(code).not.toContain('`');
          expect(code).not.toMatch(/\b(FLOAT64|STRING)\b/);
          expect(code).toMatch(/ AS login_30d\b/);
        }
        // Every quotient divides doubles: no integer (or Snowflake fixed-point) division. The
        // walk page number (row number - 1) / 500 is floored, exact in any arithmetic.
        let quotients = 0;
        for (const match of code.matchAll(/\) \/ /g)) {
          quotients++;
          const open = openingParen(code, match.index);
          const operand = code.slice(open - 4, match.index + 1);
          if (code.slice(open - 6, open) === 'FLOOR(') continue;
          expect(operand, code.slice(open - 40, match.index + 40)).toMatch(
            /^CAST\(.* AS (FLOAT64|DOUBLE)\)$/s,
          );
        }
        expect(quotients).toBeGreaterThan(5);
      }
    });
  }
});
