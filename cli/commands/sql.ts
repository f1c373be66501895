import { existsSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { formatTable } from '../../app/table.ts';
import { systemClock } from '../../core/clock.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  processIo,
} from './command-io.ts';
import { runGuarded } from './guarded.ts';

interface SqlOptions {
  readonly config: string;
  readonly param: Record<string, string>;
  readonly limit: number;
  /** Seconds a query may run before it is stopped; 0 for no limit. */
  readonly timeout: number;
  readonly json?: boolean;
}

export const DEFAULT_SQL_TIMEOUT_SECONDS = 30;

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0)
    throw new InvalidArgumentError(`expected seconds (a number, 0 for no limit), got '${value}'`);
  return seconds;
}

function collectParam(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected name=value, got '${value}'`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

function cell(value: unknown): string | number {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? value : String(value);
}

/** Read-only SQL on the store (SQLite or Postgres): the same score tables and view a warehouse job reads. */
export async function runSql(query: string, options: SqlOptions, io: CommandIo): Promise<void> {
  await runGuarded(io, async () => {
    const [{ loadConfig }, { QueryError }, { runQueryWithTimeout }, { openProductStore }] = await Promise.all(
      [
        import('../../app/config/index.ts'),
        import('../../app/sql/read-only-query.ts'),
        import('../../app/sql/timed-query.ts'),
        import('../../app/store.ts'),
      ],
    );
    const loaded = await loadConfig(options.config, io.env, { withoutEmailSecrets: true });
    const { store } = loaded.config;
    if (store.type === 'sqlite') {
      // Opening through the product store once applies the migrations that define the score views.
      if (existsSync(store.path))
        await (await openProductStore(store.path, systemClock, loaded.config.identity)).close();
      else {
        io.stderr(
          `no store at ${store.path} yet; run \`scorebridge sync\` (or \`npm start\` for the demo) first`,
        );
        return EXIT_INVALID_INPUT;
      }
    }
    try {
      const result =
        store.type === 'postgres' && store.url !== undefined
          ? await (await import('../../app/sql/postgres-query.ts')).runPostgresReadOnlyQuery({
              url: store.url.reveal(),
              sql: query,
              params: options.param,
              limit: options.limit,
              timeoutMs: options.timeout * 1000,
              connectionTimeoutMs: store.pool.connectionTimeoutMs,
            })
          : await runQueryWithTimeout(
              { storePath: store.path, sql: query, params: options.param, limit: options.limit },
              options.timeout * 1000,
            );
      if (options.json) io.stdout(JSON.stringify(result.rows, null, 2));
      else
        io.stdout(
          formatTable(
            result.columns,
            result.rows.map((row) => result.columns.map((c) => cell(row[c]))),
          ),
        );
      if (result.truncated) io.stderr(`(first ${options.limit} rows; --limit to see more)`);
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      io.stderr(`${error.message}\nthe query: ${query}`);
      return EXIT_INVALID_INPUT;
    }
  });
}

export function registerSql(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('sql')
    .description('run read-only SQL on the store, e.g. SELECT * FROM scorebridge_latest_scores')
    .argument('<query>', 'one SELECT (or WITH) statement; bind values with :name and --param name=value')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('-p, --param <name=value>', 'a named parameter (repeatable)', collectParam, {})
    .option('--limit <n>', 'rows printed at most', (value) => Number.parseInt(value, 10), 1000)
    .option(
      '--timeout <seconds>',
      'stop the query after this many seconds (0 for no limit)',
      parseSeconds,
      DEFAULT_SQL_TIMEOUT_SECONDS,
    )
    .option('--json', 'print rows as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (query: string, options: SqlOptions) => runSql(query, options, io));
}
