import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProductStore } from '../../../app/store.ts';
import type { CommandIo, ExitCode } from '../../../cli/commands/command-io.ts';
import { registerSql } from '../../../cli/commands/sql.ts';
import { FixedClock } from '../../../core/clock.ts';
import { openPostgresTestStore, type PostgresTestStore } from '../../helpers/postgres-store.ts';

/** Runs `scorebridge sql …` through the real command definition, output captured. */
async function sql(target: Target, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let code: ExitCode | undefined;
  const io: CommandIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: target.env,
    setExitCode: (c) => {
      code = c;
    },
  };
  const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
  registerSql(program, io);
  await program.parseAsync(['sql', ...args, '-c', target.config], { from: 'user' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// Counts without end: only the timeout stops it.
const RUNAWAY = 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT max(x) AS top FROM n';

interface Target {
  readonly config: string;
  readonly env: Record<string, string>;
}

const clock = new FixedClock('2026-11-02T00:00:00Z');

describe.each([
  'sqlite',
  'postgres',
] as const)('scorebridge sql on %s: one statement, and a time limit', (dialect) => {
  let config: Target;
  let postgres: PostgresTestStore | undefined;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sb-sql-cli-'));
    const storePath = path.join(dir, 'store.db');
    const file = path.join(dir, 'scorebridge.yaml');
    if (dialect === 'sqlite') {
      await (await openProductStore(storePath, clock)).close();
      writeFileSync(
        file,
        ['version: 1', 'store:', `  path: ${JSON.stringify(storePath)}`, 'connectors: {}', ''].join('\n'),
      );
      config = { config: file, env: {} };
    } else {
      postgres = await openPostgresTestStore(clock);
      writeFileSync(
        file,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax under test
        ['version: 1', 'store:', '  type: postgres', '  url: ${DATABASE_URL}', 'connectors: {}', ''].join(
          '\n',
        ),
      );
      config = { config: file, env: { DATABASE_URL: postgres.database.url } };
    }
  });

  afterAll(async () => {
    await postgres?.dispose();
  });

  it('answers a query in time, with the default limit', async () => {
    const answered = await sql(config, "SELECT 'one' AS word, 41 + 1 AS n");
    expect(answered.err).toBe('');
    expect(answered.code).toBe(0);
    expect(answered.out).toMatch(/one\s+42/);
  });

  it('stops a query that runs past --timeout and says so, exit 2', async () => {
    const started = Date.now();
    const stopped = await sql(config, RUNAWAY, '--timeout', '0.5');
    expect(stopped.code).toBe(2);
    expect(stopped.err).toContain('the query was stopped after running for 0.5 s (--timeout 0.5)');
    expect(stopped.err).toContain('--timeout <seconds> (0 for no limit)');
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(sql(config, 'SELECT 1', '--timeout', 'soon')).rejects.toThrow(/expected seconds/);
  });

  it('refuses text with a second statement instead of running only the first', async () => {
    const two = await sql(config, 'SELECT 1 AS a;\n  SELECT 2 AS b');
    expect(two.code).toBe(2);
    expect(two.out).toBe('');
    expect(two.err).toContain('there is another after the first ";" (line 2, column 3: SELECT 2 AS b)');
    // Trailing semicolons and comments are not statements.
    const trailing = await sql(config, 'SELECT 1 AS a; -- the end\n;');
    expect(trailing.code).toBe(0);
  });

  it('refuses statements that return no rows and names where a query is wrong', async () => {
    const write = await sql(config, 'DELETE FROM scores');
    expect(write.code).toBe(2);
    expect(write.err).toContain('only queries that return rows (SELECT, WITH) are allowed');
    const wrong = await sql(config, 'SELECT entity_id,\n       nope FROM scorebridge_scores');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/SQL error: .*nope/);
    if (dialect === 'postgres')
      expect(wrong.err).toContain('(line 2, column 8: nope FROM scorebridge_scores)');
  });

  it('binds --param values and reads the published score views', async () => {
    const bound = await sql(
      config,
      'SELECT :word AS word, COUNT(*) AS n FROM scorebridge_latest_scores',
      '-p',
      'word=hello',
      '--json',
    );
    expect(bound.code).toBe(0);
    expect(JSON.parse(bound.out)).toEqual([{ word: 'hello', n: 0 }]);
  });

  it.runIf(dialect === 'postgres')(
    'runs inside a READ ONLY transaction: even a locking read is refused',
    async () => {
      const locking = await sql(config, 'SELECT entity_id FROM scores FOR UPDATE');
      expect(locking.code).toBe(2);
      expect(locking.err).toContain('read-only transaction');
    },
  );
});
