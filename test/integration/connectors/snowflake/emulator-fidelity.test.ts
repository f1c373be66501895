import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, snowflake } from '../../../../connectors/snowflake/driver.ts';
import { type SnowflakeEmulator, startSnowflakeEmulator } from '../../../../emulators/snowflake/index.ts';
import { watchRemoteHosts } from './loopback-guard.ts';

let emulator: SnowflakeEmulator;
let guard: ReturnType<typeof watchRemoteHosts>;

beforeAll(async () => {
  // Every socket the driver opens is recorded: the tests fail if anything leaves loopback.
  guard = watchRemoteHosts();
  emulator = await startSnowflakeEmulator({ inlineRows: 5, chunkRows: 7 });
});
afterAll(async () => {
  guard.restore();
  await emulator.close();
});

async function open(options: Record<string, unknown> = {}, target = emulator): Promise<Connection> {
  const connection = snowflake.createConnection({
    account: target.account,
    username: 'tester',
    password: 'secret-password',
    database: 'FIDELITY',
    schema: 'PUBLIC',
    accessUrl: target.url,
    ...options,
  });
  return connection.connectAsync();
}

function run(
  connection: Connection,
  sqlText: string,
  binds?: unknown[],
  extra: Record<string, unknown> = {},
) {
  return new Promise<{ rows: Record<string, unknown>[]; updated: number | undefined; queryId: string }>(
    (resolve, reject) => {
      connection.execute({
        sqlText,
        ...(binds ? { binds: binds as never } : {}),
        ...extra,
        complete: (error, statement, rows) => {
          if (error) return reject(error);
          // An async submission has no result yet: getNumUpdatedRows() would throw inside the driver's callback.
          const updated = extra.asyncExec ? undefined : statement.getNumUpdatedRows();
          resolve({
            rows: (rows ?? []) as Record<string, unknown>[],
            updated,
            queryId: statement.getQueryId(),
          });
        },
      });
    },
  );
}

const destroy = (connection: Connection) =>
  new Promise<void>((resolve) => connection.destroy(() => resolve()));

describe('Snowflake emulator fidelity (snowflake-sdk 3.3 over HTTP)', () => {
  it('logs in, runs array binds as one statement, splits large results into chunks, logs out', async () => {
    emulator.stats.reset();
    const connection = await open();
    await run(
      connection,
      'CREATE OR REPLACE TABLE numbers (n NUMBER(10,0), label STRING, ratio FLOAT, flag BOOLEAN)',
    );
    const binds = Array.from({ length: 30 }, (_, i) => [i, `n${i}`, i / 4, i % 2 === 0]);
    const inserted = await run(
      connection,
      'INSERT INTO numbers (n, label, ratio, flag) VALUES (?, ?, ?, ?)',
      binds,
    );
    expect(inserted.updated).toBe(30);
    expect(inserted.rows).toEqual([{ 'number of rows inserted': 30 }]);
    const all = await run(connection, 'SELECT n, label AS "label", ratio, flag FROM numbers ORDER BY n');
    expect(all.rows).toHaveLength(30);
    expect(all.rows[29]).toEqual({ N: 29, label: 'n29', RATIO: 7.25, FLAG: false });
    const streamed: unknown[] = [];
    const statement = connection.execute({
      sqlText: 'SELECT n FROM numbers WHERE n >= :1 ORDER BY n',
      binds: [3],
      streamResult: true,
    });
    for await (const row of statement.streamRows()) streamed.push((row as { N: number }).N);
    expect(streamed).toEqual(Array.from({ length: 27 }, (_, i) => i + 3));
    await destroy(connection);
    // 30 rows = 5 inline + chunks of 7 (4 chunks); 27 rows = 5 inline + 4 chunks.
    expect(emulator.stats.requests).toMatchObject({ login: 1, query: 4, chunk: 8, logout: 1 });
    expect(guard.remoteHosts).toEqual([]);
  });

  it('reports MERGE counts and DML counts the way the driver sums them', async () => {
    const connection = await open();
    await run(connection, 'CREATE OR REPLACE TABLE target (id VARCHAR, v NUMBER)');
    await run(connection, 'INSERT INTO target (id, v) VALUES (?, ?)', [
      ['a', 1],
      ['b', 2],
    ]);
    const merged = await run(
      connection,
      "MERGE INTO target t USING (SELECT 'a' AS id, 10 AS v UNION ALL SELECT 'c', 3) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.v = s.v WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v)",
    );
    expect(merged.rows).toEqual([{ 'number of rows inserted': 1, 'number of rows updated': 1 }]);
    expect(merged.updated).toBe(2);
    const updated = await run(connection, 'UPDATE target SET v = v + 1 WHERE id IN (?, ?)', ['a', 'b']);
    expect(updated.updated).toBe(2);
    await destroy(connection);
  });

  it('returns Snowflake error codes and SQLSTATEs', async () => {
    const connection = await open();
    await expect(run(connection, 'SELECT * FROM missing_table')).rejects.toMatchObject({
      code: '002003',
      sqlState: '42S02',
    });
    await expect(run(connection, 'SELEC 1')).rejects.toMatchObject({ code: '001003', sqlState: '42000' });
    await expect(run(connection, 'SELECT 1; SELECT 2')).rejects.toMatchObject({ code: '000008' });
    await expect(run(connection, 'SELECT ? AS a, ? AS b', [1])).rejects.toMatchObject({ code: '002049' });
    await destroy(connection);
    const guarded = await startSnowflakeEmulator({ users: { tester: 'right-password' } });
    try {
      const wrong = snowflake.createConnection({
        account: guarded.account,
        username: 'tester',
        password: 'wrong',
        accessUrl: guarded.url,
      });
      const failure = new Promise((resolve, reject) =>
        wrong.connect((error) => (error ? reject(error) : resolve(wrong))),
      );
      await expect(failure).rejects.toMatchObject({ code: '390100' });
    } finally {
      await guarded.close();
    }
  });

  it('refuses inline array binds above 100,000 values (a client that raised arrayBindingThreshold past the stage threshold)', async () => {
    const connection = await open({ arrayBindingThreshold: 1_000_000 });
    await run(connection, 'CREATE OR REPLACE TABLE wide (a NUMBER, b NUMBER)');
    const rows = Array.from({ length: 50_001 }, (_, i) => [i, i]);
    await expect(run(connection, 'INSERT INTO wide (a, b) VALUES (?, ?)', rows)).rejects.toMatchObject({
      code: '001010',
    });
    const fits = await run(connection, 'INSERT INTO wide (a, b) VALUES (?, ?)', rows.slice(0, 50_000));
    expect(fits.updated).toBe(50_000);
    await destroy(connection);
  });

  it('polls in-progress queries until their result is ready', async () => {
    const slow = await startSnowflakeEmulator({ pendingPolls: 2 });
    try {
      const connection = await open({}, slow);
      const { rows } = await run(connection, 'SELECT 42 AS answer');
      expect(rows).toEqual([{ ANSWER: 42 }]);
      // The query request and two polls answer 333333; the third poll returns the rows.
      expect(slow.stats.requests.queryResult).toBe(3);
      await destroy(connection);
    } finally {
      await slow.close();
    }
  });

  it('runs asynchronous queries: status, result by id, heartbeat', async () => {
    const connection = await open();
    const submitted = await run(connection, 'SELECT 7 AS seven', undefined, { asyncExec: true });
    expect(submitted.queryId).toMatch(/^01b0/);
    expect(await connection.getQueryStatus(submitted.queryId)).toBe('SUCCESS');
    const statement = await connection.getResultsFromQueryId({ queryId: submitted.queryId });
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const collected: unknown[] = [];
      statement
        .streamRows()
        .on('data', (row) => collected.push(row))
        .on('end', () => resolve(collected))
        .on('error', reject);
    });
    expect(rows).toEqual([{ SEVEN: 7 }]);
    expect(await connection.isValidAsync()).toBe(true);
    expect(emulator.stats.requests.heartbeat).toBeGreaterThan(0);
    await destroy(connection);
  });
});
