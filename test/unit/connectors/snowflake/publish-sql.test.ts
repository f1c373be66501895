// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax for secrets, not a template.
import { describe, expect, it } from 'vitest';
import { snowflakeConnectorConfigSchema } from '../../../../connectors/snowflake/config.ts';
import { schemaDrift } from '../../../../connectors/snowflake/publish/schema-check.ts';
import { MAX_BIND_VALUES, StagingBatcher } from '../../../../connectors/snowflake/publish/staging-batcher.ts';
import { keysetQuery } from '../../../../connectors/snowflake/source/keyset-query.ts';
import { runInConfigContext } from '../../../../core/config/context.ts';

describe('Snowflake connector pieces', () => {
  it('batches staged documents under the bind limit', () => {
    const batcher = new StagingBatcher(250_000);
    const sizes: number[] = [];
    for (let i = 0; i < 230_000; i++) {
      const full = batcher.add('{}');
      if (full) sizes.push(full.length);
    }
    sizes.push(batcher.drain()?.length ?? 0);
    expect(sizes).toEqual([MAX_BIND_VALUES, MAX_BIND_VALUES, 30_000]);
  });

  it('binds cursor values instead of splicing them into the keyset query', () => {
    const query = keysetQuery(
      { table: 'crm.contacts', idColumn: 'id', updatedAtColumn: 'updated_at' },
      { updatedAt: "2026-01-01T00:00:00.000Z' OR 1=1", id: '7' },
    );
    expect(query.sql).not.toContain('2026');
    expect(query.sql).toContain(
      'FROM "CRM"."CONTACTS" AS SRC WHERE SRC."UPDATED_AT" > CAST(? AS TIMESTAMP_NTZ)',
    );
    expect(query.binds).toEqual([
      "2026-01-01T00:00:00.000Z' OR 1=1",
      "2026-01-01T00:00:00.000Z' OR 1=1",
      '7',
    ]);
  });

  it('names every drifted column with expected and found types', () => {
    const problems = schemaDrift('S.T', [{ table: 'T', column: 'SCORE', dataType: 'TEXT' }]);
    expect(problems).toContain('S.T.SCORE: expected FLOAT, found TEXT');
    expect(problems).toContain('S.T.ENTITY_ID: expected TEXT, found no such column');
  });

  it('requires exactly one credential, given as a secret reference', () => {
    const base = { type: 'snowflake', account: 'a', username: 'u', database: 'D' };
    const parse = (extra: Record<string, unknown>) =>
      runInConfigContext({ env: { PW: 'pw-value' }, baseDir: '/' }, () =>
        snowflakeConnectorConfigSchema.safeParse({ ...base, ...extra }),
      );
    expect(parse({ password: '${PW}' }).success).toBe(true);
    expect(parse({}).success).toBe(false);
    expect(parse({ password: 'literal-password' }).success).toBe(false);
    expect(
      parse({ password: '${PW}', streams: { c: { kind: 'contact', table: 'T', sql: 'SELECT 1' } } }).success,
    ).toBe(false);
  });
});
