import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

export interface InitOptions {
  readonly config: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

const SHIPPED_CONFIG_DIR = fileURLToPath(new URL('../../config', import.meta.url));

/**
 * Writes the starter config and, next to it, the JSON Schema its modeline refers to, so the editor
 * autocompletes from the first keystroke. An existing config is kept unless --force.
 */
export async function runInit(options: InitOptions, io: CommandIo): Promise<ExitCode> {
  const [{ starterConfig }, { displayPath }, { workflowJsonSchemaText }, { writeSchemaFile }] =
    await Promise.all([
      import('../../app/config/index.ts'),
      import('../../core/config/index.ts'),
      import('../../workflows/definitions/json-schema.ts'),
      import('./schema.ts'),
    ]);
  const file = path.resolve(options.config);
  const shown = displayPath(options.config);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    // 'wx' fails if the file exists, without a check-then-write race.
    await writeFile(file, starterConfig(), { encoding: 'utf8', flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      io.stderr(`${shown} already exists; use --force to replace it with the starter config`);
      return EXIT_INVALID_INPUT;
    }
    io.stderr(`cannot write ${shown}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_RUNTIME_FAILURE;
  }
  const schemaFile = path.join(path.dirname(file), 'schema', 'scorebridge.schema.json');
  try {
    await writeSchemaFile(schemaFile);
    await writeSchemaFile(
      path.join(path.dirname(file), 'schema', 'workflow.schema.json'),
      workflowJsonSchemaText(),
    );
    // The shipped retention workflow and its emails, to edit; existing files are never overwritten.
    for (const folder of ['workflows', 'templates'])
      await cp(path.join(SHIPPED_CONFIG_DIR, folder), path.join(path.dirname(file), folder), {
        recursive: true,
        force: false,
        errorOnExist: false,
      });
  } catch (error) {
    io.stderr(
      `cannot write ${displayPath(schemaFile)}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return EXIT_RUNTIME_FAILURE;
  }
  const folder = path.dirname(displayPath(options.config));
  if (options.json)
    io.stdout(
      JSON.stringify(
        {
          wrote: [
            shown,
            displayPath(schemaFile),
            path.join(folder, 'workflows'),
            path.join(folder, 'templates'),
          ],
          next: `scorebridge validate --config ${shown}`,
        },
        null,
        2,
      ),
    );
  else
    io.stdout(
      `wrote ${shown}, ${displayPath(schemaFile)}, the retention workflow and its email templates\nnext: scorebridge validate --config ${shown}`,
    );
  return EXIT_OK;
}

export function registerInit(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('init')
    .description('write a starter config file with every default shown')
    .option('-c, --config <file>', 'where to write it', DEFAULT_CONFIG_FILE)
    .option('-f, --force', 'replace an existing file')
    .option('--json', 'print the files written as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: InitOptions) => {
      io.setExitCode(await runInit(options, io));
    });
}
