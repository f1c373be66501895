import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { SCHEMA_FILE } from '../../app/config/schema-file.ts';
import { WORKFLOW_SCHEMA_FILE } from '../../workflows/definitions/schema-file.ts';
import {
  type CommandIo,
  EXIT_CODES_HELP,
  EXIT_OK,
  EXIT_RUNTIME_FAILURE,
  type ExitCode,
  processIo,
} from './command-io.ts';

/** Writes the JSON Schema of the config file, which the YAML files' modeline points editors at. */
export async function writeSchemaFile(out: string, schemaText?: string): Promise<string> {
  const text = schemaText ?? (await import('../../app/config/json-schema.ts')).scorebridgeJsonSchemaText();
  const absolute = path.resolve(out);
  await mkdir(path.dirname(absolute), { recursive: true });
  await writeFile(absolute, text, 'utf8');
  return absolute;
}

export async function runSchema(
  out: string,
  io: CommandIo,
  workflowOut?: string,
  json = false,
): Promise<ExitCode> {
  const { displayPath } = await import('../../core/config/index.ts');
  try {
    const wrote = [displayPath(out)];
    await writeSchemaFile(out);
    if (workflowOut !== undefined) {
      const { workflowJsonSchemaText } = await import('../../workflows/definitions/json-schema.ts');
      await writeSchemaFile(workflowOut, workflowJsonSchemaText());
      wrote.push(displayPath(workflowOut));
    }
    io.stdout(json ? JSON.stringify({ wrote }, null, 2) : wrote.map((file) => `wrote ${file}`).join('\n'));
    return EXIT_OK;
  } catch (error) {
    io.stderr(`cannot write ${displayPath(out)}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_RUNTIME_FAILURE;
  }
}

export function registerSchema(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('schema')
    .description('write the JSON Schemas of the config and workflow files, for editor autocompletion')
    .option('-o, --out <file>', 'where to write it', SCHEMA_FILE)
    .option('--workflow-out <file>', 'where to write the workflow file schema', WORKFLOW_SCHEMA_FILE)
    .option('--json', 'print the files written as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: { out: string; workflowOut: string; json?: boolean }) => {
      io.setExitCode(await runSchema(options.out, io, options.workflowOut, options.json));
    });
}
