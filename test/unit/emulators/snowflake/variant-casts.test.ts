import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnowflakeEngine } from '../../../../emulators/snowflake/engine/engine.ts';
import type { EngineSession } from '../../../../emulators/snowflake/engine/session.ts';
import { translate } from '../../../../emulators/snowflake/sql/translate.ts';

let engine: SnowflakeEngine;
let session: EngineSession;
beforeAll(async () => {
  engine = await SnowflakeEngine.create();
  session = await engine.openSession('VARIANTS', 'PUBLIC');
});
afterAll(() => engine.close());

/** The single row of a query, column name to the text the emulator sends the driver. */
async function row(sql: string, text?: string): Promise<Record<string, string | null>> {
  const binds = text === undefined ? undefined : { '1': { type: 'TEXT', value: text } };
  const result = await session.execute(sql, binds, 1);
  expect(result.rowset).toHaveLength(1);
  return Object.fromEntries(result.rowtype.map((column, index) => [column.name, result.rowset[0]![index]!]));
}

describe('casts to VARIANT in the Snowflake emulator keep text as a string variant', () => {
  it('::VARIANT, CAST(... AS VARIANT) and TO_VARIANT of JSON-looking text give a VARCHAR variant', async () => {
    const cast = await row(
      `SELECT '[{"feature":"tenure"}]'::VARIANT AS V, TYPEOF(V) AS T, V[0]:feature AS F`,
    );
    expect(cast).toEqual({ V: '"[{\\"feature\\":\\"tenure\\"}]"', T: 'VARCHAR', F: null });
    const call = await row(
      `SELECT TYPEOF(CAST('[1]' AS VARIANT)) AS A, TYPEOF(TO_VARIANT('[1]')) AS B, TYPEOF(TRY_CAST('{}' AS VARIANT)) AS C`,
    );
    expect(call).toEqual({ A: 'VARCHAR', B: 'VARCHAR', C: 'VARCHAR' });
  });

  it('PARSE_JSON parses, and path access then reads the members', async () => {
    const parsed = await row(
      `SELECT TYPEOF(P) AS T, P[0]:feature AS F, P[0]['points']::FLOAT AS N, TYPEOF(P[0]) AS E FROM (SELECT PARSE_JSON('[{"feature":"tenure","points":2.5}]') AS P)`,
    );
    expect(parsed).toEqual({ T: 'ARRAY', F: 'tenure', N: '2.5', E: 'OBJECT' });
  });

  it('a string member cast to VARIANT stays a string; PARSE_JSON of its text gives the array', async () => {
    // The document the bind path stages: reasons is JSON text inside the JSON document.
    const doc = JSON.stringify({ reasons: JSON.stringify([{ feature: 'tenure' }]), n: 3 });
    const member = await row(
      `SELECT TYPEOF(C) AS CAST_TYPE, C[0]:feature AS CAST_F, TYPEOF(P) AS PARSED_TYPE, P[0]:feature AS F, N FROM (SELECT V:reasons::VARIANT AS C, PARSE_JSON(V:reasons::VARCHAR) AS P, TYPEOF(V:n::VARIANT) AS N FROM (SELECT PARSE_JSON(?) AS V))`,
      doc,
    );
    expect(member).toEqual({
      CAST_TYPE: 'VARCHAR',
      CAST_F: null,
      PARSED_TYPE: 'ARRAY',
      F: 'tenure',
      N: 'INTEGER',
    });
  });

  it('a VARIANT value cast to VARIANT is unchanged, and TYPEOF names JSON null, booleans and SQL NULL', async () => {
    const same = await row(
      `SELECT TYPEOF(PARSE_JSON('{"a":1}')::VARIANT) AS O, TYPEOF(PARSE_JSON('null')) AS J, TYPEOF(PARSE_JSON('true')) AS B, TYPEOF(NULL::VARIANT) AS S`,
    );
    expect(same).toEqual({ O: 'OBJECT', J: 'NULL_VALUE', B: 'BOOLEAN', S: null });
  });

  it('translates the casts to to_json and keeps VARIANT columns as JSON', () => {
    const session = { database: 'DB', schema: 'PUBLIC' };
    expect(translate('SELECT f(a, b)::VARIANT, (a || b)::VARIANT, T.C::VARIANT FROM T', session).sql).toBe(
      'SELECT to_json(f(a, b)), to_json((a || b)), to_json(T.C) FROM T',
    );
    expect(translate('CREATE TABLE t (v VARIANT)', session).sql).toBe('CREATE TABLE "T" ("V" JSON)');
  });
});
