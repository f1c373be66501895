import { describe, expect, it } from 'vitest';
import {
  bigQueryDialect,
  compileScoringQuery,
  featureTableDdl,
  floatLiteral,
  stringLiteral,
} from '../../../../scoring/sql/index.ts';
import { seededRandom } from '../../../helpers/scoring/random-trees.ts';
import { type DuckDb, openDuckDb } from '../../../integration/scoring/sql/duckdb-engine.ts';
import { handBuiltEnsemble, handBuiltModel } from './hand-built-model.ts';

const model = handBuiltModel(handBuiltEnsemble(true), { method: 'platt', a: 1.2, b: 0.1, input: 'logit' });

/** Constructs only DuckDB (or Postgres) accepts, which neither warehouse nor its emulator should see. */
const duckDbOnly = [
  /::/,
  /\bIFF\(/i,
  /\bLIST_/i,
  /\bSTRUCT_PACK\b/i,
  /\bEPOCH_/i,
  /\bILIKE\b/i,
  /\bTRY_CAST\b/i,
];

function stripLiterals(sql: string): string {
  return sql.replace(/'(?:[^'\\]|\\.|'')*'/g, "''");
}

describe('dialect texts', () => {
  const bigquery = compileScoringQuery(model, {
    dialect: 'bigquery',
    featureTable: 'my-project.analytics.features',
    idColumns: ['entity_id'],
  });
  const snowflake = compileScoringQuery(model, {
    dialect: 'snowflake',
    featureTable: ['ANALYTICS', 'PUBLIC', 'FEATURES'],
    idColumns: ['ENTITY_ID'],
    columnName: (feature) => feature.toUpperCase(),
  });

  it('BigQuery quotes every identifier with backticks, path part by part, and uses its types', () => {
    const code = stripLiterals(bigquery);
    expect(bigquery).toContain('FROM `my-project`.`analytics`.`features`');
    expect(code).not.toContain('"');
    expect(code).toMatch(/CAST\(`x` AS FLOAT64\)/);
    expect(code).toMatch(/AS INT64\)/);
    expect(code).not.toMatch(/\bDOUBLE\b|\bVARCHAR\b/);
    for (const pattern of duckDbOnly) expect(code).not.toMatch(pattern);
  });

  it('Snowflake quotes identifiers with double quotes and leaves output names to resolve upper-case', () => {
    const code = stripLiterals(snowflake);
    expect(snowflake).toContain('FROM "ANALYTICS"."PUBLIC"."FEATURES"');
    expect(code).not.toContain('`');
    expect(code).toContain('CAST("X" AS DOUBLE)');
    expect(code).toMatch(/ AS probability, .* AS score, .* AS tier FROM/);
    for (const pattern of duckDbOnly) expect(code).not.toMatch(pattern);
  });

  it('balances parentheses and prints every float with an exponent', () => {
    for (const sql of [bigquery, snowflake]) {
      const code = stripLiterals(sql);
      expect(code.split('(').length).toBe(code.split(')').length);
      expect(code).not.toMatch(/(?<![\w.])\d+\.\d+(?![\d.e])/);
    }
  });

  it('runs unchanged on DuckDB after the identifier and type renames the emulators make', async () => {
    let db: DuckDb | undefined;
    try {
      db = await openDuckDb();
      await db.connection.run('CREATE SCHEMA analytics');
      await db.connection.run(
        featureTableDdl(model, { dialect: 'duckdb', table: 'analytics.features', idColumns: ['entity_id'] }),
      );
      await db.connection.run(
        "INSERT INTO analytics.features VALUES ('e1', 1.5, 'a'), ('e2', NULL, 'd'), ('e3', 2.25, NULL)",
      );
      const reference = await db.connection.runAndReadAll(
        compileScoringQuery(model, {
          dialect: 'duckdb',
          featureTable: 'analytics.features',
          idColumns: ['entity_id'],
        }),
      );
      const translated = bigquery
        .replace('`my-project`.', '')
        .replace(/`/g, '"')
        .replace(/\bFLOAT64\b/g, 'DOUBLE')
        .replace(/\bINT64\b/g, 'INTEGER')
        .replace(/\bSTRING\b/g, 'VARCHAR');
      const result = await db.connection.runAndReadAll(translated);
      expect(result.getRowObjectsJS()).toEqual(reference.getRowObjectsJS());
      expect(reference.getRowObjectsJS()).toHaveLength(3);
    } finally {
      db?.close();
    }
  });

  it('refuses id columns that clash with its own and queries over the size limit', () => {
    expect(() =>
      compileScoringQuery(model, { dialect: 'duckdb', featureTable: 't', idColumns: ['score'] }),
    ).toThrow(/clashes/);
    const tiny = { ...bigQueryDialect, maxQueryBytes: 200 };
    expect(() => compileScoringQuery(model, { dialect: tiny, featureTable: 't', idColumns: ['id'] })).toThrow(
      /KB limit/,
    );
  });
});

describe('literals', () => {
  it('prints doubles that parse back to the same bits, always as floating-point literals', () => {
    const random = seededRandom(5);
    const values = [0.1, 0.30000000000000004, 1e-7, 1 - 1e-7, 5e-324, 1.7976931348623157e308, -2.5, 123, -0];
    for (let k = 0; k < 500; k++) values.push((random() - 0.5) * 10 ** Math.floor(random() * 40 - 20));
    for (const x of values) {
      const text = floatLiteral(x);
      expect(text).toMatch(/e/);
      expect(Number(text.replace(/[()]/g, ''))).toBe(Object.is(x, -0) ? 0 : x);
    }
    expect(() => floatLiteral(Number.POSITIVE_INFINITY)).toThrow(/non-finite/);
  });

  it('escapes quotes the way each dialect reads them', () => {
    expect(stringLiteral("o'brien", { name: 'bigquery' })).toBe("'o\\'brien'");
    expect(stringLiteral("o'brien", { name: 'snowflake' })).toBe("'o''brien'");
    expect(stringLiteral('a\\b', { name: 'snowflake' })).toBe("'a\\\\b'");
    expect(stringLiteral('a\\b', { name: 'duckdb' })).toBe("'a\\b'");
  });
});
