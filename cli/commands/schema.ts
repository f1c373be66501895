import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { SCHEMA_FILE, scorebridgeJsonSchemaText } from '../../app/config/index.ts';
import { displayPath } from '../../core/config/index.ts';
import {
  type CommandIo,
  EXIT_CODES_HELP,
  EXIT_OK,
  EXIT_RUNTIME_FAILURE,
  type ExitCode,
  processIo,
} from './command-io.ts';

/** Writes the JSON Schema of the config file, which the YAML files' modeline points editors at. */
export async function writeSchemaFile(out: string): Promise<string> {
  const absolute = path.resolve(out);
  await mkdir(path.dirname(absolute), { recursive: true });
  await writeFile(absolute, scorebridgeJsonSchemaText(), 'utf8');
  return absolute;
}

export async function runSchema(out: string, io: CommandIo): Promise<ExitCode> {
  try {
    await writeSchemaFile(out);
    io.stdout(`wrote ${displayPath(out)}`);
    return EXIT_OK;
  } catch (error) {
    io.stderr(`cannot write ${displayPath(out)}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_RUNTIME_FAILURE;
  }
}

export function registerSchema(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('schema')
    .description('write the JSON Schema of the config file, for editor autocompletion')
    .option('-o, --out <file>', 'where to write it', SCHEMA_FILE)
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: { out: string }) => {
      io.setExitCode(await runSchema(options.out, io));
    });
}
