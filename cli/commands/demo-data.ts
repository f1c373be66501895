import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULT_BAD_ROWS_RATE, DEFAULT_OUT_DIR, MAX_CONTACTS } from '../../demo/defaults.ts';
import { DEFAULT_AS_OF, parseAsOf } from '../../demo/time.ts';

/** Where the command writes; tests pass their own. */
export interface DemoDataIo {
  readonly out: (text: string) => void;
  /** Whether to report progress (bars on a terminal, a line now and then otherwise). */
  readonly progress: boolean;
}

const processIo: DemoDataIo = {
  out: (text) => process.stdout.write(text),
  progress: true,
};

function integer(label: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(
        `${label} must be a whole number from ${min} to ${max.toLocaleString('en-US')}.`,
      );
    }
    return n;
  };
}

function rate(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 0.5)
    throw new InvalidArgumentError('Use a share between 0 and 0.5, e.g. 0.002.');
  return n;
}

function asOfDate(value: string): string {
  try {
    parseAsOf(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return value;
}

interface DemoDataFlags {
  readonly contacts: number;
  readonly seed: number;
  readonly out: string;
  readonly asOf: string;
  readonly badRowsRate: number;
  readonly json?: boolean;
}

async function runDemoData(flags: DemoDataFlags, io: DemoDataIo): Promise<void> {
  const [{ generateDemoData }, { formatDemoSummary }, { createProgressReporter }] = await Promise.all([
    import('../../demo/index.ts'),
    import('../../demo/summary-table.ts'),
    import('../progress.ts'),
  ]);
  const bar = io.progress ? createProgressReporter() : null;
  try {
    const summary = await generateDemoData({
      contacts: flags.contacts,
      seed: flags.seed,
      outDir: flags.out,
      asOf: flags.asOf,
      badRowsRate: flags.badRowsRate,
      onProgress: (done, total) => bar?.update('generating contacts', done, total),
    });
    bar?.stop();
    if (flags.json) {
      const { manifest } = summary;
      io.out(
        `${JSON.stringify({ outDir: summary.outDir, seed: manifest.seed, asOf: manifest.asOf, historyStart: manifest.historyStart, files: manifest.files, accountStatus: summary.accountStatus, seconds: summary.durationMs / 1000 }, null, 2)}\n`,
      );
    } else io.out(formatDemoSummary(summary));
  } finally {
    bar?.stop();
  }
}

/** `scorebridge demo-data --contacts 10000 --seed 1 [--out var/demo] [--as-of 2026-11-01] [--bad-rows-rate 0.002]` */
export function registerDemoData(program: Command, io: DemoDataIo = processIo): Command {
  return program
    .command('demo-data')
    .description(
      'generate a seeded, realistic B2B SaaS business (accounts, contacts, events, deals, a marketing list) as CSV files',
    )
    .option(
      '--contacts <n>',
      'CRM contacts to generate (2-8 per account)',
      integer('--contacts', 1, MAX_CONTACTS),
      10_000,
    )
    .option(
      '--seed <n>',
      'random seed: the same seed gives byte-identical files',
      integer('--seed', 0, 0xffffffff),
      1,
    )
    .option('--out <dir>', 'output directory', DEFAULT_OUT_DIR)
    .option(
      '--as-of <date>',
      '"now" of the generated business (ISO date or instant)',
      asOfDate,
      DEFAULT_AS_OF.slice(0, 10),
    )
    .option(
      '--bad-rows-rate <share>',
      'share of rows given a data-quality problem the connector must quarantine',
      rate,
      DEFAULT_BAD_ROWS_RATE,
    )
    .option(
      '--json',
      'print what was written as JSON (files with rows, bad rows and bytes; accounts by status)',
    )
    .action(async (flags: DemoDataFlags) => {
      await runDemoData(flags, io);
    });
}
