import type { Command } from 'commander';
import { systemClock } from '../../core/clock.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  EXIT_RUNTIME_FAILURE,
  type ExitCode,
  processIo,
} from './command-io.ts';
import { runGuarded } from './guarded.ts';

interface CheckOptions {
  readonly config: string;
  readonly connector?: string[];
  readonly json?: boolean;
}

export const CHECK_DESCRIPTION =
  'reach every configured connector with its credentials and check scopes, objects, fields, permissions, quotas and tables';

export async function runCheckCommand(options: CheckOptions, io: CommandIo): Promise<ExitCode> {
  const [{ loadConfig }, { runCheck }, { checkPassed }, { formatCheck }] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../app/check/run-check.ts'),
    import('../../core/connectors/check.ts'),
    import('./check-format.ts'),
  ]);
  const loaded = await loadConfig(options.config, io.env, { withoutEmailSecrets: true });
  const names = Object.keys(loaded.config.connectors);
  const unknown = (options.connector ?? []).filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    io.stderr(
      `error: ${loaded.displayFile} has no connector named ${unknown.map((name) => `"${name}"`).join(', ')} (connectors: ${names.join(', ')})`,
    );
    return EXIT_INVALID_INPUT;
  }
  const checks = await runCheck({
    loaded,
    clock: systemClock,
    ...(options.connector ? { only: options.connector } : {}),
  });
  const passed = checkPassed(checks);
  if (options.json) io.stdout(JSON.stringify({ passed, connectors: checks }, null, 2));
  else io.stdout(formatCheck(checks));
  return passed ? EXIT_OK : EXIT_RUNTIME_FAILURE;
}

/** `scorebridge check`: like Airbyte's check and dbt's debug, for every connector of the config. */
export function registerCheck(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('check')
    .description(CHECK_DESCRIPTION)
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option(
      '--connector <name>',
      'check only this connector (repeat for several)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--json', 'print the findings as JSON: { passed, connectors: [{ connector, type, items }] }')
    .addHelpText(
      'after',
      `
Exit codes:
  0  everything every checked connector needs is there (warnings allowed)
  1  something is missing or refused: each problem is listed with what to fix
  2  invalid input or config (the message says where)`,
    )
    .action(async (options: CheckOptions) => {
      await runGuarded(io, () => runCheckCommand(options, io));
    });
}
