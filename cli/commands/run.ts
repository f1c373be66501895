import type { Command } from 'commander';
import { type Clock, systemClock } from '../../core/clock.ts';
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
import { runGuarded } from './guarded.ts';
import { printRunSummary } from './print-summary.ts';
import { publishFromConfig } from './publish.ts';
import { runScore } from './score.ts';
import { parseAsOfOption } from './scoring-context.ts';
import { syncFromConfig } from './sync.ts';
import { runWorkflowsNow } from './workflows.ts';
import { addWriteSafetyOptions, GATES_HELP, type WriteSafetyFlags } from './write-safety.ts';

export interface RunCliOptions extends WriteSafetyFlags {
  readonly config: string;
  readonly asOf?: string;
  readonly sync: boolean;
  readonly json?: boolean;
}

/**
 * Refuses (before anything is scored or written) when the newest data is older than
 * safety.maxDataAge; with --force says so and goes on. Returns whether the run may continue.
 */
async function freshEnough(
  options: RunCliOptions,
  io: CommandIo,
  clock: Clock,
): Promise<{ go: boolean; message?: string }> {
  const [{ loadConfig }, { readDataFreshness, staleness }, { staleMessage }, { openProductStore }] =
    await Promise.all([
      import('../../app/config/index.ts'),
      import('../../app/safety/data-freshness.ts'),
      import('../../app/safety/gates.ts'),
      import('../../app/store.ts'),
    ]);
  const loaded = await loadConfig(options.config, io.env);
  const store = await openProductStore(loaded.config.store, clock, loaded.config.identity);
  try {
    const verdict = staleness(
      readDataFreshness(store.database, clock.now()),
      loaded.config.safety.maxDataAge,
    );
    if (!verdict.stale) return { go: true };
    return { go: false, message: staleMessage(verdict) };
  } finally {
    await store.close();
  }
}

/**
 * The product's main job, once: sync every connector, score with the promoted models, publish to the
 * warehouses and run the workflows, each write after its safety gates. With dryRun the sync and the
 * scoring still run (they only change the local store); publish and workflows are previewed.
 */
export async function runEverything(
  options: RunCliOptions,
  cliIo: CommandIo,
  deps: { readonly clock?: Clock } = {},
): Promise<ExitCode> {
  const clock = deps.clock ?? systemClock;
  // With --json, stdout carries the summary's JSON alone; the steps report on stderr.
  const io = options.json ? { ...cliIo, stdout: cliIo.stderr } : cliIo;
  if (options.sync) {
    io.stdout('Syncing:');
    // The quarantined rows are listed once, in the summary.
    const results = await syncFromConfig({ config: options.config, listQuarantine: false }, io);
    if (results.some((result) => result.status === 'failed')) return EXIT_RUNTIME_FAILURE;
  }
  const fresh = await freshEnough(options, io, clock);
  if (!fresh.go) {
    if (options.dryRun) {
      io.stdout(`\nDry run: \`run\` would refuse here, before scoring: ${fresh.message}`);
      return EXIT_OK;
    }
    if (!options.force) {
      io.stderr(`Refusing to score and write: ${fresh.message}.`);
      return EXIT_INVALID_INPUT;
    }
    io.stderr(`--force: going ahead although ${fresh.message}`);
  }
  io.stdout('\nScoring:');
  let scoringFailed = false;
  await runScore(
    // The models in words come once, in the summary at the end.
    { config: options.config, model: 'all', words: false, ...(options.asOf ? { asOf: options.asOf } : {}) },
    { clock },
    { ...io, setExitCode: (code) => (scoringFailed ||= code !== EXIT_OK) },
  );
  if (scoringFailed) return EXIT_RUNTIME_FAILURE;
  const flags = { config: options.config, dryRun: options.dryRun ?? false, force: options.force ?? false };
  io.stdout('\nPublishing scores to warehouses:');
  const published = await publishFromConfig(flags, io, { clock });
  io.stdout('\nWorkflows:');
  const workflows = await runWorkflowsNow(flags, io, 'run', { clock });
  await printRunSummary(
    { config: options.config, workflows: workflows.summary ?? null, json: options.json ?? false },
    cliIo,
  );
  if (published.held.length > 0 || workflows.held) {
    io.stderr(
      '\nSome writes were held by safety gates (see above); the rest went ahead. Rerun with --force to write them anyway.',
    );
    return EXIT_INVALID_INPUT;
  }
  return EXIT_OK;
}

export function registerRun(program: Command, io: CommandIo = processIo): Command {
  const command = program
    .command('run')
    .description(
      'sync -> score -> publish to warehouses -> workflows, once (schedule it, or use `workflows run --watch`)',
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option(
      '--as-of <date>',
      'score as of this instant (default: the end of the latest complete day of data in the store)',
      parseAsOfOption,
    )
    .option('--no-sync', 'skip the sync step')
    .option('--json', 'print the summary as JSON (the steps report on stderr)');
  return addWriteSafetyOptions(command)
    .addHelpText('after', `${GATES_HELP}\n${EXIT_CODES_HELP}`)
    .action(async (options: RunCliOptions) => {
      await runGuarded(io, () => runEverything(options, io));
    });
}
