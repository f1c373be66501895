import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres-database.ts';

describe('the test run PostgreSQL server', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('gives each caller its own empty database on loopback', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    databases.push(first, second);
    expect(first.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\//);
    const client = new pg.Client(first.url);
    await client.connect();
    await client.query('CREATE TABLE only_here (id INTEGER)');
    const version = await client.query<{ server_version_num: string }>('SHOW server_version_num');
    await client.end();
    expect(Number(version.rows[0]?.server_version_num)).toBeGreaterThanOrEqual(130000);
    const other = new pg.Client(second.url);
    await other.connect();
    const tables = await other.query("SELECT 1 FROM pg_tables WHERE tablename = 'only_here'");
    await other.end();
    expect(tables.rowCount).toBe(0);
  });
});
