import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, snowflake } from '../../../../connectors/snowflake/driver.ts';
import { type SnowflakeEmulator, startSnowflakeEmulator } from '../../../../emulators/snowflake/index.ts';
import { watchRemoteHosts } from './loopback-guard.ts';

let emulator: SnowflakeEmulator;
let guard: ReturnType<typeof watchRemoteHosts>;

beforeAll(async () => {
  // The driver uploads stage files itself: every socket it opens must stay on loopback.
  guard = watchRemoteHosts();
  emulator = await startSnowflakeEmulator();
});
afterAll(async () => {
  guard.restore();
  await emulator.close();
});

async function open(): Promise<Connection> {
  const connection = snowflake.createConnection({
    account: emulator.account,
    username: 'tester',
    password: 'secret-password',
    database: 'STAGED',
    schema: 'PUBLIC',
    accessUrl: emulator.url,
  });
  return connection.connectAsync();
}

function run(connection: Connection, sqlText: string, binds?: unknown[]) {
  return new Promise<{ rows: Record<string, unknown>[]; updated: number | undefined }>((resolve, reject) => {
    connection.execute({
      sqlText,
      ...(binds ? { binds: binds as never } : {}),
      complete: (error, statement, rows) =>
        error
          ? reject(error)
          : resolve({
              rows: (rows ?? []) as Record<string, unknown>[],
              updated: statement.getNumUpdatedRows(),
            }),
    });
  });
}

const destroy = (connection: Connection) =>
  new Promise<void>((resolve) => connection.destroy(() => resolve()));

/** Six columns of every kind the driver writes to a bind file: 11,000 rows = 66,000 values > 65,280. */
function row(i: number): unknown[] {
  return [
    i,
    `name, "${i}" \\ back\ttab\nline — ünïcödé 😀`,
    i / 7,
    i % 2 === 0,
    new Date(Date.UTC(2026, 0, 1) + i * 1000),
    i % 3 === 0 ? null : i % 3 === 1 ? '' : `plain ${i}`,
  ];
}

const TABLE = '(id NUMBER, name VARCHAR, ratio FLOAT, flag BOOLEAN, ts TIMESTAMP_NTZ, note VARCHAR)';
const INSERT = (table: string) =>
  `INSERT INTO ${table} (id, name, ratio, flag, ts, note) VALUES (?, ?, ?, ?, ?, ?)`;

describe('Snowflake stage binding (snowflake-sdk 3.3 against the emulator)', () => {
  it('sends binds above CLIENT_STAGE_ARRAY_BINDING_THRESHOLD through a temporary stage, with the same rows as inline binds', async () => {
    const connection = await open();
    await run(connection, `CREATE OR REPLACE TABLE staged ${TABLE}`);
    await run(connection, `CREATE OR REPLACE TABLE inline ${TABLE}`);
    const rows = Array.from({ length: 11_000 }, (_, i) => row(i));
    emulator.stats.reset();
    const staged = await run(connection, INSERT('staged'), rows);
    expect(staged.updated).toBe(11_000);
    expect(emulator.stats).toMatchObject({
      stagesCreated: 1,
      puts: 1,
      stageFiles: 1,
      stageBoundStatements: 1,
      stageBoundRows: 11_000,
      bindValues: 0,
    });
    // 10,880 rows x 6 = 65,280 values: at the threshold the driver still binds inline.
    emulator.stats.reset();
    await run(connection, INSERT('inline'), rows.slice(0, 10_880));
    await run(connection, INSERT('inline'), rows.slice(10_880));
    expect(emulator.stats).toMatchObject({ stageBoundStatements: 0, bindValues: 66_000 });
    const difference = await run(
      connection,
      'SELECT COUNT(*) AS N FROM (SELECT * FROM staged EXCEPT SELECT * FROM inline UNION ALL SELECT * FROM inline EXCEPT SELECT * FROM staged)',
    );
    expect(difference.rows).toEqual([{ N: 0 }]);
    const sample = await run(connection, 'SELECT * FROM staged WHERE id IN (0, 1, 2) ORDER BY id');
    expect(
      sample.rows.map((r) => [r.ID, r.NAME, r.RATIO, r.FLAG, (r.TS as Date).toISOString(), r.NOTE]),
    ).toEqual(
      [0, 1, 2].map((i) => {
        const [id, name, ratio, flag, ts, note] = row(i);
        return [id, name, ratio, flag, (ts as Date).toISOString(), note];
      }),
    );
    // The stage belongs to the session; a second batch reuses it (no second CREATE STAGE).
    emulator.stats.reset();
    await run(connection, INSERT('staged'), rows);
    expect(emulator.stats).toMatchObject({ stagesCreated: 0, puts: 1, stageBoundRows: 11_000 });
    await destroy(connection);
    expect(guard.remoteHosts).toEqual([]);
  });

  it('handles CREATE/DROP STAGE and PUT errors as Snowflake names them', async () => {
    const connection = await open();
    await expect(run(connection, 'PUT file:///tmp/x.csv @NOWHERE/path')).rejects.toMatchObject({
      code: '002003',
    });
    await run(connection, 'CREATE TEMPORARY STAGE loads');
    await expect(run(connection, 'CREATE TEMPORARY STAGE loads')).rejects.toMatchObject({ code: '002002' });
    await run(connection, 'CREATE TEMPORARY STAGE IF NOT EXISTS loads');
    await run(connection, 'DROP STAGE loads');
    await expect(run(connection, 'DROP STAGE loads')).rejects.toMatchObject({ code: '002003' });
    await run(connection, 'DROP STAGE IF EXISTS loads');
    await destroy(connection);
  });

  it('PUTs a local file (gzip-compressed by the driver) and COPYs it INTO a table once', async () => {
    const connection = await open();
    const dir = await mkdtemp(path.join(tmpdir(), 'sf-put-'));
    const file = path.join(dir, 'people.csv');
    await writeFile(file, '1,"Ann, ""the first""",2026-01-01T00:00:00Z\n2,,2026-01-02T00:00:00Z\n3,"",\n');
    await run(connection, 'CREATE OR REPLACE TABLE people (id NUMBER, name VARCHAR, seen TIMESTAMP_NTZ)');
    await run(connection, 'CREATE OR REPLACE TEMPORARY STAGE people_stage');
    const put = await run(connection, `PUT file://${file} @people_stage/daily`);
    // The driver's own result row: it compressed the file and uploaded it to the stage storage.
    expect(put.rows).toEqual([
      expect.objectContaining({ source: 'people.csv', target: 'people.csv.gz', status: 'UPLOADED' }),
    ]);
    const copy = `COPY INTO people FROM @people_stage/daily FILE_FORMAT = (TYPE = CSV FIELD_OPTIONALLY_ENCLOSED_BY = '"')`;
    const first = await run(connection, copy);
    expect(first.rows).toEqual([
      expect.objectContaining({ file: 'daily/people.csv.gz', status: 'LOADED', rows_loaded: 3 }),
    ]);
    const rows = await run(connection, 'SELECT id, name, seen FROM people ORDER BY id');
    expect(
      rows.rows.map((r) => [r.ID, r.NAME, r.SEEN === null ? null : (r.SEEN as Date).toISOString()]),
    ).toEqual([
      [1, 'Ann, "the first"', '2026-01-01T00:00:00.000Z'],
      [2, null, '2026-01-02T00:00:00.000Z'],
      [3, '', null],
    ]);
    // Load metadata: the same file is not loaded twice.
    const again = await run(connection, copy);
    expect(again.rows).toEqual([{ status: 'Copy executed with 0 files processed.' }]);
    await destroy(connection);
  });

  it('refuses stage storage uploads without the stage token or without client-side encryption', async () => {
    const post = async (path: string, body: unknown, token?: string) => {
      const response = await fetch(`${emulator.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Snowflake Token="${token}"` } : {}),
        },
        body: JSON.stringify(body),
      });
      return (await response.json()) as { data: Record<string, unknown> };
    };
    const login = await post('/session/v1/login-request?databaseName=STAGED', {
      data: { ACCOUNT_NAME: emulator.account, LOGIN_NAME: 'raw', PASSWORD: 'secret' },
    });
    const parameters = login.data.parameters as { name: string; value: unknown }[];
    expect(parameters).toContainEqual({ name: 'CLIENT_STAGE_ARRAY_BINDING_THRESHOLD', value: 65_280 });
    const token = String(login.data.token);
    await post('/queries/v1/query-request', { sqlText: 'CREATE TEMPORARY STAGE uploads' }, token);
    const put = await post(
      '/queries/v1/query-request',
      { sqlText: 'PUT file:///tmp/rows.csv @uploads/day1' },
      token,
    );
    const stageInfo = put.data.stageInfo as {
      location: string;
      endPoint: string;
      creds: { GCS_ACCESS_TOKEN: string };
    };
    expect(put.data).toMatchObject({ command: 'UPLOAD', autoCompress: true, overwrite: false, parallel: 4 });
    expect(put.data.encryptionMaterial).toMatchObject({ queryStageMasterKey: expect.any(String) });
    const object = `${stageInfo.endPoint}/${stageInfo.location}rows.csv`;
    const forged = await fetch(object, {
      method: 'PUT',
      headers: { authorization: 'Bearer forged' },
      body: 'a\n',
    });
    expect(forged.status).toBe(401);
    const unencrypted = await fetch(object, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stageInfo.creds.GCS_ACCESS_TOKEN}` },
      body: 'a\n',
    });
    expect(unencrypted.status).toBe(400);
    const missing = await fetch(object, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${stageInfo.creds.GCS_ACCESS_TOKEN}` },
    });
    expect(missing.status).toBe(404);
  });
});
