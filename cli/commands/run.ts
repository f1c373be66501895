import type { Command } from 'commander';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_OK,
  EXIT_RUNTIME_FAILURE,
  processIo,
} from './command-io.ts';
import { runGuarded } from './guarded.ts';
import { printRunSummary } from './print-summary.ts';
import { publishFromConfig } from './publish.ts';
import { runScore } from './score.ts';
import { parseAsOfOption } from './scoring-context.ts';
import { syncFromConfig } from './sync.ts';
import { runWorkflowsNow } from './workflows.ts';

interface RunCliOptions {
  readonly config: string;
  readonly asOf?: string;
  readonly sync: boolean;
  readonly json?: boolean;
}

/** The product's main job, once: sync every connector, score with the promoted models, run the workflows. */
export async function runEverything(options: RunCliOptions, cliIo: CommandIo): Promise<number> {
  // With --json, stdout carries the summary's JSON alone; the steps report on stderr.
  const io = options.json ? { ...cliIo, stdout: cliIo.stderr } : cliIo;
  if (options.sync) {
    io.stdout('Syncing:');
    // The quarantined rows are listed once, in the summary.
    const results = await syncFromConfig({ config: options.config, listQuarantine: false }, io);
    if (results.some((result) => result.status === 'failed')) return EXIT_RUNTIME_FAILURE;
  }
  io.stdout('\nScoring:');
  let scoringFailed = false;
  await runScore(
    // The models in words come once, in the summary at the end.
    { config: options.config, model: 'all', words: false, ...(options.asOf ? { asOf: options.asOf } : {}) },
    {},
    { ...io, setExitCode: (code) => (scoringFailed ||= code !== EXIT_OK) },
  );
  if (scoringFailed) return EXIT_RUNTIME_FAILURE;
  io.stdout('\nPublishing scores to warehouses:');
  await publishFromConfig({ config: options.config }, io);
  io.stdout('\nWorkflows:');
  const workflows = await runWorkflowsNow({ config: options.config }, io, 'run');
  await printRunSummary({ config: options.config, workflows, json: options.json ?? false }, cliIo);
  return EXIT_OK;
}

export function registerRun(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('run')
    .description(
      'sync -> score -> publish to warehouses -> workflows, once (schedule it, or use `workflows run --watch`)',
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--as-of <date>', 'score as of this instant (default now)', parseAsOfOption)
    .option('--no-sync', 'skip the sync step')
    .option('--json', 'print the summary as JSON (the steps report on stderr)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: RunCliOptions) => {
      await runGuarded(io, async () => (await runEverything(options, io)) as 0 | 1);
    });
}
