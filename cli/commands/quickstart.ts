import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ShiftedClock } from '../../core/clock.ts';
import { createLogger } from '../../core/logger.ts';
import { generateDemoData } from '../../demo/index.ts';
import { formatDemoSummary } from '../../demo/summary-table.ts';
import { createProgressReporter } from '../progress.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  EXIT_RUNTIME_FAILURE,
  processIo,
} from './command-io.ts';
import { runGuarded } from './guarded.ts';
import { runScore } from './score.ts';
import { runStatus } from './status.ts';
import { syncFromConfig } from './sync.ts';
import { runTrain } from './train.ts';
import { runWorkflowsNow } from './workflows.ts';

interface QuickstartOptions {
  readonly config: string;
  readonly contacts: number;
  readonly seed: number;
  readonly demoDir: string;
  readonly regenerate?: boolean;
}

/** True when the demo folder already holds data from the same generator settings. */
function demoIsCurrent(dir: string, contacts: number, seed: number): boolean {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) return false;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    seed?: number;
    contactsRequested?: number;
  };
  return manifest.seed === seed && manifest.contactsRequested === contacts;
}

function demoAsOf(dir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { asOf: string };
  return manifest.asOf;
}

/** Lets quickstart run other commands and stop at the first that failed. */
function recordingIo(io: CommandIo): CommandIo & { failed(): boolean } {
  let failed = false;
  return {
    ...io,
    setExitCode: (code) => {
      if (code !== EXIT_OK) failed = true;
    },
    failed: () => failed,
  };
}

/** The README's main job: demo data -> sync -> train -> score -> summary, every step idempotent. */
export async function runQuickstart(options: QuickstartOptions, io: CommandIo): Promise<number> {
  if (options.regenerate || !demoIsCurrent(options.demoDir, options.contacts, options.seed)) {
    io.stdout(
      `Generating a demo business with ${options.contacts.toLocaleString('en-US')} contacts (seed ${options.seed}) in ${options.demoDir}/`,
    );
    const progress = createProgressReporter(createLogger());
    const summary = await generateDemoData({
      contacts: options.contacts,
      seed: options.seed,
      outDir: options.demoDir,
      onProgress: (done, total) => progress.update('demo data', done, total),
    });
    progress.stop();
    io.stdout(formatDemoSummary(summary));
  } else {
    io.stdout(`Demo data in ${options.demoDir}/ is current (seed ${options.seed}); reusing it.`);
  }
  io.stdout('\nSyncing into the store:');
  const results = await syncFromConfig({ config: options.config }, io);
  if (results.some((result) => result.status === 'failed')) return EXIT_RUNTIME_FAILURE;
  // Train and score as of the demo's own "now", so the last weeks before it are real history.
  const asOf = demoAsOf(options.demoDir);
  const step = recordingIo(io);
  io.stdout(`\nTraining models as of ${asOf}:`);
  await runTrain({ config: options.config, model: 'all', asOf }, {}, step);
  if (step.failed()) return EXIT_RUNTIME_FAILURE;
  io.stdout('\nScoring every contact and account:');
  await runScore({ config: options.config, model: 'all', asOf }, {}, step);
  if (step.failed()) return EXIT_RUNTIME_FAILURE;
  io.stdout('\nRunning the workflows once (config/workflows/; emails become .eml files in var/emails/):');
  // The demo business lives on its own date: the gates and the workflows see it from there, not weeks later.
  const workflows = await runWorkflowsNow({ config: options.config }, io, 'quickstart', {
    clock: new ShiftedClock(asOf),
  });
  io.stdout('\nThe store now holds:');
  await runStatus({ config: options.config }, io);
  io.stdout(
    '\nNext: npx scorebridge report --html var/report.html (model cards with charts), npx scorebridge plan (who gets what next, and why), npx scorebridge workflows status',
  );
  return workflows.held ? EXIT_INVALID_INPUT : EXIT_OK;
}

export function registerQuickstart(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('quickstart')
    .description(
      'the main job on demo data: generate it, sync it into the store, train, score, run the workflows and summarise',
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--contacts <n>', 'demo contacts to generate', (v) => Number.parseInt(v, 10), 10_000)
    .option('--seed <n>', 'demo data seed', (v) => Number.parseInt(v, 10), 1)
    .option('--demo-dir <dir>', 'where the demo files go (must match the config)', 'var/demo')
    .option('--regenerate', 'regenerate the demo data even if it is current')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: QuickstartOptions) => {
      await runGuarded(io, async () => (await runQuickstart(options, io)) as 0 | 1 | 2);
    });
}
