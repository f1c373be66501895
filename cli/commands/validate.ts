import type { Command } from 'commander';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  EXIT_RUNTIME_FAILURE,
  type ExitCode,
  processIo,
} from './command-io.ts';

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Loads the config exactly as every other command will; prints a summary or every located problem. */
export async function runValidate(file: string, io: CommandIo, json = false): Promise<ExitCode> {
  const [{ loadConfig }, { loadWorkflowSetup }, { requireEmailConfig }, { isConfigError }] =
    await Promise.all([
      import('../../app/config/index.ts'),
      import('../../app/workflows/load-setup.ts'),
      import('../../app/workflows/open-session.ts'),
      import('../../core/config/index.ts'),
    ]);
  try {
    const loaded = await loadConfig(file, io.env);
    const setup = await loadWorkflowSetup(loaded, io.env);
    requireEmailConfig(loaded, setup);
    const { connectors, streams } = loaded.summary;
    if (json) {
      io.stdout(
        JSON.stringify(
          {
            valid: true,
            file: loaded.displayFile,
            connectors,
            streams,
            workflows: setup.workflows.length,
            issues: [],
          },
          null,
          2,
        ),
      );
      return EXIT_OK;
    }
    io.stdout(
      `${loaded.displayFile} is valid (${plural(connectors, 'connector')}, ${plural(streams, 'stream')}, ` +
        `${plural(setup.workflows.length, 'workflow')} with their email templates)`,
    );
    return EXIT_OK;
  } catch (error) {
    if (isConfigError(error)) {
      if (json) io.stdout(JSON.stringify({ valid: false, file, issues: error.issues }, null, 2));
      else io.stderr(error.format());
      return EXIT_INVALID_INPUT;
    }
    io.stderr(`validate failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_RUNTIME_FAILURE;
  }
}

export function registerValidate(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('validate')
    .description('check the config file: syntax, values, references and environment variables')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--json', 'print the result as JSON: valid, counts, and every located issue')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: { config: string; json?: boolean }) => {
      io.setExitCode(await runValidate(options.config, io, options.json));
    });
}
