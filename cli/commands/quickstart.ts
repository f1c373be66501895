import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ShiftedClock } from '../../core/clock.ts';
import type { DemoManifest } from '../../demo/index.ts';
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
import { printRunSummary } from './print-summary.ts';
import { runScore } from './score.ts';
import { wrapLines } from './summary-format.ts';
import { count, dateWords, plural } from './summary-words.ts';
import { syncFromConfig } from './sync.ts';
import { runTrain } from './train.ts';
import { runWorkflowsNow } from './workflows.ts';

interface QuickstartOptions {
  readonly config: string;
  readonly contacts: number;
  readonly seed: number;
  readonly demoDir: string;
  readonly regenerate?: boolean;
  readonly json?: boolean;
}

function readManifest(dir: string): DemoManifest | null {
  const file = path.join(dir, 'manifest.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoManifest) : null;
}

/** True when the demo folder already holds data from the same generator settings. */
function demoIsCurrent(manifest: DemoManifest | null, contacts: number, seed: number): boolean {
  return manifest?.seed === seed && manifest.contactsRequested === contacts;
}

function demoWords(manifest: DemoManifest): string {
  const rows = (key: keyof DemoManifest['files']) => manifest.files[key].rows;
  return `${plural(rows('accounts'), 'company', 'companies')}, ${plural(rows('contacts'), 'contact')}, ${plural(rows('events'), 'activity event')} and ${plural(rows('deals'), 'deal')}, plus a marketing list of ${plural(rows('marketingContacts'), 'person', 'people')}`;
}

/**
 * A step's output captured instead of printed: quickstart prints one line per step and the summary
 * at the end (the steps' own tables are what `scorebridge sync`, `train` and `score` print). Errors
 * still reach stderr, and the step's exit code is kept.
 */
function capturingIo(io: CommandIo): CommandIo & { output(): string; failed(): boolean } {
  const out: string[] = [];
  let failed = false;
  return {
    ...io,
    stdout: (text) => out.push(text),
    setExitCode: (code) => {
      if (code !== EXIT_OK) failed = true;
    },
    output: () => out.join('\n'),
    failed: () => failed,
  };
}

interface TrainedJson {
  readonly models: readonly { spec: { name: string }; version: number; status: string }[];
}
interface ScoredJson {
  readonly models: readonly {
    name: string;
    scored: number;
    seconds: number;
    pass?: { entityType: string };
  }[];
}

/** "lead_score" -> "lead score". */
const modelWords = (name: string) => name.replaceAll('_', ' ');

/** The README's main job: demo data -> sync -> train -> score -> workflows -> summary, every step idempotent. */
export async function runQuickstart(options: QuickstartOptions, io: CommandIo): Promise<number> {
  // With --json, stdout is the summary's JSON alone; the step lines go to stderr.
  const say = (text: string) => (options.json ? io.stderr : io.stdout)(wrapLines(text));
  let manifest = readManifest(options.demoDir);
  if (options.regenerate || !demoIsCurrent(manifest, options.contacts, options.seed)) {
    say(
      `Step 1 of 5. Generating a demo business with ${count(options.contacts)} contacts (seed ${options.seed}) in ${options.demoDir}/`,
    );
    const [{ generateDemoData }, { createProgressReporter }] = await Promise.all([
      import('../../demo/index.ts'),
      import('../progress.ts'),
    ]);
    const progress = createProgressReporter();
    try {
      manifest = (
        await generateDemoData({
          contacts: options.contacts,
          seed: options.seed,
          outDir: options.demoDir,
          onProgress: (done, total) => progress.update('generating contacts', done, total),
        })
      ).manifest;
    } finally {
      progress.stop();
    }
    say(`  ${demoWords(manifest)}.`);
  } else {
    say(
      `Step 1 of 5. Reusing the demo business in ${options.demoDir}/ (seed ${options.seed}): ${demoWords(manifest!)}.`,
    );
  }
  const asOf = manifest!.asOf;

  say('\nStep 2 of 5. Reading the files into the store (config/scorebridge.yaml says how):');
  const syncIo = capturingIo(io);
  const results = await syncFromConfig({ config: options.config }, syncIo);
  const failed = results.filter((result) => result.status === 'failed');
  if (failed.length > 0) {
    for (const result of failed) io.stderr(`${result.stream} failed: ${result.error ?? 'see the log above'}`);
    return EXIT_RUNTIME_FAILURE;
  }
  const sum = (key: 'inserted' | 'updated' | 'unchanged' | 'rejected') =>
    results.reduce((total, result) => total + result[key], 0);
  const seen = sum('inserted') + sum('updated') + sum('unchanged') + sum('rejected');
  say(
    seen === 0
      ? `  ${plural(results.length, 'stream')} read: nothing changed since the last sync (the files are the same).`
      : `  ${plural(results.length, 'stream')} read: ${count(sum('inserted'))} new records, ${count(sum('updated'))} changed, ${count(sum('unchanged'))} unchanged, ${count(sum('rejected'))} set aside${sum('rejected') > 0 ? ' (listed in the summary)' : ''}.`,
  );

  // Train and score as of the demo's own "now", so the last weeks before it are real history.
  say(`\nStep 3 of 5. Training the models on the history up to ${dateWords(asOf)}:`);
  const trainIo = capturingIo(io);
  await runTrain({ config: options.config, model: 'all', asOf, json: true }, {}, trainIo);
  if (trainIo.failed()) return EXIT_RUNTIME_FAILURE;
  const trained = JSON.parse(trainIo.output()) as TrainedJson;
  say(
    `  ${trained.models
      .map(
        (m) =>
          `${modelWords(m.spec.name)} v${m.version} (${m.status === 'promoted' ? 'now in use' : 'kept the version in use: it was not better'})`,
      )
      .join(', ')}.`,
  );

  say('\nStep 4 of 5. Scoring every contact and account:');
  const scoreIo = capturingIo(io);
  await runScore({ config: options.config, model: 'all', asOf, json: true }, {}, scoreIo);
  if (scoreIo.failed()) return EXIT_RUNTIME_FAILURE;
  const scored = JSON.parse(scoreIo.output()) as ScoredJson;
  const seconds = scored.models.reduce((total, m) => Math.max(total, m.seconds), 0);
  say(
    `  ${scored.models.map((m) => `${modelWords(m.name)}: ${count(m.scored)}`).join(', ')} (${seconds < 1 ? 'under a second' : `about ${Math.round(seconds)} s`} per model).`,
  );

  say('\nStep 5 of 5. Running the workflows once (config/workflows/):');
  const workflowIo = capturingIo(io);
  // The demo business lives on its own date: the gates and the workflows see it from there, not weeks later.
  const run = await runWorkflowsNow({ config: options.config }, workflowIo, 'quickstart', {
    clock: new ShiftedClock(asOf),
  });
  const workflows = run.summary ?? null;
  if (workflows)
    say(
      `  ${count(workflows.enrolled)} enrolled in a play, ${plural(workflows.steps.sent, 'step')} ran, ${count(workflows.relay.sent)} e-mails, tasks and CRM updates delivered.`,
    );
  else say('  Held by the safety gates (see above): nothing was enrolled, sent or queued.');

  await printRunSummary(
    { config: options.config, workflows, ownData: true, json: options.json ?? false },
    io,
  );
  return run.held ? EXIT_INVALID_INPUT : EXIT_OK;
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
    .option('--json', 'print the summary as JSON (the steps report on stderr)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: QuickstartOptions) => {
      await runGuarded(io, async () => (await runQuickstart(options, io)) as 0 | 1 | 2);
    });
}
