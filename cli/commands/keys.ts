import { type Command, InvalidArgumentError } from 'commander';
import { ApiKeyStore, isApiScope } from '../../app/server/security/api-keys.ts';
import type { ApiScope } from '../../app/server/server-deps.ts';
import { formatTable } from '../../app/table.ts';
import { type Clock, systemClock } from '../../core/clock.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  type ExitCode,
  processIo,
} from './command-io.ts';
import { runGuarded } from './guarded.ts';

interface ConfigOption {
  readonly config: string;
}

function parseScope(value: string): ApiScope {
  if (!isApiScope(value)) throw new InvalidArgumentError(`expected read, score or admin, got '${value}'`);
  return value;
}

async function withKeys(
  options: ConfigOption,
  io: CommandIo,
  clock: Clock,
  work: (keys: ApiKeyStore) => ExitCode,
): Promise<void> {
  await runGuarded(io, async () => {
    const [{ loadConfig }, { openProductStore }] = await Promise.all([
      import('../../app/config/index.ts'),
      import('../../app/store.ts'),
    ]);
    const loaded = await loadConfig(options.config, io.env);
    const store = await openProductStore(loaded.config.store, clock, loaded.config.identity);
    try {
      return work(new ApiKeyStore(store.database, clock));
    } finally {
      await store.close();
    }
  });
}

/** `scorebridge keys create|list|revoke`: API keys for `scorebridge serve`, stored hashed. */
export function registerKeys(
  program: Command,
  io: CommandIo = processIo,
  clock: Clock = systemClock,
): Command {
  const group = program
    .command('keys')
    .description('API keys for `scorebridge serve` (stored hashed; shown once)');
  group
    .command('create')
    .description('create an API key and print it once')
    .requiredOption('--name <name>', 'who or what uses the key, e.g. "website-forms"')
    .requiredOption(
      '--scope <scope>',
      'read (scores, models, dashboard), score (real-time scoring) or admin (all)',
      parseScope,
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .addHelpText('after', EXIT_CODES_HELP)
    .option('--json', 'print the key and its id, name and scope as JSON')
    .action(async (options: ConfigOption & { name: string; scope: ApiScope; json?: boolean }) =>
      withKeys(options, io, clock, (keys) => {
        const { key, info } = keys.create(options.name, options.scope);
        io.stdout(options.json ? JSON.stringify({ key, ...info }, null, 2) : `${key}\n`);
        io.stderr(
          `key ${info.id} "${info.name}" (${info.scope}) created; it is not stored in clear and cannot be shown again`,
        );
        return EXIT_OK;
      }),
    );
  group
    .command('list')
    .description('keys with their id, name, scope, visible prefix and state')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--json', 'print as JSON')
    .action(async (options: ConfigOption & { json?: boolean }) =>
      withKeys(options, io, clock, (keys) => {
        const list = keys.list();
        if (options.json) io.stdout(JSON.stringify(list, null, 2));
        else
          io.stdout(
            formatTable(
              ['id', 'name', 'scope', 'prefix', 'created', 'state'],
              list.map((k) => [
                k.id,
                k.name,
                k.scope,
                `${k.prefix}…`,
                k.createdAt,
                k.revokedAt ? `revoked ${k.revokedAt}` : 'active',
              ]),
            ),
          );
        return EXIT_OK;
      }),
    );
  group
    .command('revoke')
    .description('revoke a key at once (requests with it get 401)')
    .argument('<id>', 'key id from `scorebridge keys list`')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--json', 'print the revoked key id as JSON')
    .action(async (id: string, options: ConfigOption & { json?: boolean }) =>
      withKeys(options, io, clock, (keys) => {
        const number = Number.parseInt(id, 10);
        if (!Number.isInteger(number) || !keys.revoke(number)) {
          io.stderr(`no active key with id ${id}; see \`scorebridge keys list\``);
          return EXIT_INVALID_INPUT;
        }
        io.stdout(options.json ? JSON.stringify({ revoked: number }) : `key ${number} revoked`);
        return EXIT_OK;
      }),
    );
  return group;
}
