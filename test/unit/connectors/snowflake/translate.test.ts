import { describe, expect, it } from 'vitest';
import { translate } from '../../../../emulators/snowflake/sql/translate.ts';

const session = { database: 'DB', schema: 'PUBLIC' };
const squash = (sql: string): string => sql.replace(/\s+/g, ' ').trim();

describe('Snowflake -> DuckDB translation in the emulator', () => {
  it('upper-cases unquoted names in CREATE TABLE and maps Snowflake types', () => {
    const t = translate(
      'CREATE TRANSIENT TABLE IF NOT EXISTS s.scores (id VARCHAR, "Mixed" NUMBER(10,2), v VARIANT, at TIMESTAMP_NTZ, n NUMBER) CLUSTER BY (id)',
      session,
    );
    expect(t.kind).toBe('ddl');
    expect(squash(t.sql)).toBe(
      'CREATE TABLE IF NOT EXISTS "S"."SCORES" ("ID" VARCHAR, "Mixed" DECIMAL(10,2), "V" JSON, "AT" TIMESTAMP, "N" DECIMAL(38,0))',
    );
  });

  it('turns bind markers into positional parameters and variant paths into JSON reads', () => {
    const t = translate(
      "SELECT v:score::FLOAT AS s, 'it''s ?' AS lit FROM t WHERE id = ? AND n > :2 AND x::TIMESTAMP_NTZ < ?",
      session,
    );
    expect(t.paramCount).toBe(2);
    expect(squash(t.sql)).toBe(
      `SELECT json_extract_string(v,'$."score"')::DOUBLE AS s, 'it''s ?' AS lit FROM t WHERE id = $1 AND n > $2 AND x::TIMESTAMP < $2`,
    );
  });

  it('strips qualified SET targets in MERGE and resolves IDENTIFIER()', () => {
    const t = translate(
      "MERGE INTO IDENTIFIER('db.t') T USING s ON T.k = s.k WHEN MATCHED THEN UPDATE SET T.a = s.a, T.b = 1",
      session,
    );
    expect(squash(t.sql)).toBe(
      'MERGE INTO "DB"."T" T USING s ON T.k = s.k WHEN MATCHED THEN UPDATE SET a = s.a, b = 1',
    );
    expect(t.kind).toBe('merge');
  });

  it('recognises a single-tuple INSERT for set-wise array binds', () => {
    const t = translate('INSERT INTO stage (doc) VALUES (PARSE_JSON(?))', session);
    expect(t.insertValues).toEqual({ head: 'INSERT INTO stage (doc) ', tuple: 'JSON($1)' });
    expect(translate('INSERT INTO t VALUES (1), (2)', session).insertValues).toBeUndefined();
  });

  it('refuses stage commands with a Snowflake-shaped error', () => {
    expect(() => translate('PUT file:///tmp/x @~', session)).toThrow(/does not support 'PUT'/);
    expect(() => translate('CREATE TEMPORARY STAGE s', session)).toThrow(/stages need cloud storage/);
  });
});
