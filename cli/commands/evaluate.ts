import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ModelChoice } from '../../scoring/eval/evaluate.ts';
import { evaluationJson, formatEvaluation } from './evaluate-format.ts';

interface EvaluateCliOptions {
  csv: string;
  target: string;
  positive?: string;
  drop?: string[];
  delimiter: string;
  missing?: string[];
  model: ModelChoice;
  calibration: 'isotonic' | 'platt' | 'none' | 'auto';
  folds: number;
  seed: number;
  decimal?: '.' | ',';
  thousands?: Thousands;
  timeColumn?: string;
  testFraction: number;
  recalibrateRecent?: number;
  json?: boolean;
}

type Thousands = '' | ',' | '.' | ' ' | "'";

const THOUSANDS_NAMES: Readonly<Record<string, Thousands>> = {
  ',': ',',
  comma: ',',
  '.': '.',
  dot: '.',
  period: '.',
  ' ': ' ',
  space: ' ',
  "'": "'",
  apostrophe: "'",
  none: '',
};

function thousands(value: string): Thousands {
  const separator = THOUSANDS_NAMES[value.toLowerCase()];
  if (separator === undefined) throw new InvalidArgumentError("expected ',', '.', space, apostrophe or none");
  return separator;
}

function share(value: string): number {
  const parsed = Number(value.endsWith('%') ? value.slice(0, -1) : value);
  const fraction = value.endsWith('%') ? parsed / 100 : parsed;
  if (!(fraction > 0 && fraction < 1))
    throw new InvalidArgumentError(`expected a share between 0 and 1 (or 1%-99%), got '${value}'`);
  return fraction;
}

function commaList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function integerAtLeast(minimum: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < minimum)
      throw new InvalidArgumentError(`expected an integer >= ${minimum}, got '${value}'`);
    return parsed;
  };
}

function delimiter(value: string): string {
  // Shells make a literal tab awkward to type, so accept the escape and the name.
  if (value === '\\t' || value.toLowerCase() === 'tab') return '\t';
  if (value.length === 0) throw new InvalidArgumentError('delimiter must not be empty');
  return value;
}

/** A problem with the user's file or flags (exit 2), as opposed to a failure while evaluating (exit 1). */
class EvaluateInputError extends Error {}

/** Each class needs a row in every fold; say so with the file name before any training starts. */
function checkClassSizes(y: Float64Array, options: EvaluateCliOptions): void {
  const positives = y.reduce((sum, v) => sum + v, 0);
  const negatives = y.length - positives;
  const needed = options.timeColumn === undefined ? options.folds : 3;
  if (positives >= needed && negatives >= needed) return;
  const which = options.positive === undefined ? 'the positive value' : `--positive '${options.positive}'`;
  throw new EvaluateInputError(
    `${options.csv}: target '${options.target}' has ${positives} rows matching ${which} and ${negatives} others; each outcome needs at least ${needed} rows${options.timeColumn === undefined ? ` for ${options.folds} folds (try fewer --folds)` : ''}`,
  );
}

async function runEvaluate(options: EvaluateCliOptions): Promise<string> {
  const [{ loadTabularCsv }, { evaluate }] = await Promise.all([
    import('../../scoring/eval/csv-dataset.ts'),
    import('../../scoring/eval/evaluate.ts'),
  ]);
  const loaded = await loadTabularCsv(options.csv, {
    target: options.target,
    ...(options.positive === undefined ? {} : { positive: options.positive }),
    drop: options.drop ?? [],
    delimiter: options.delimiter,
    ...(options.missing === undefined ? {} : { missingTokens: options.missing }),
    ...(options.decimal === undefined && options.thousands === undefined
      ? {}
      : { numberFormat: { decimal: options.decimal ?? '.', thousands: options.thousands ?? '' } }),
    ...(options.timeColumn === undefined ? {} : { timeColumn: options.timeColumn }),
  }).catch((error: unknown) => {
    throw new EvaluateInputError((error as Error).message);
  });
  if (options.recalibrateRecent !== undefined && loaded.times === undefined)
    throw new EvaluateInputError(
      '--recalibrate-recent needs --time-column to know which outcomes are recent',
    );
  checkClassSizes(loaded.y, options);
  let report: Awaited<ReturnType<typeof evaluate>>;
  try {
    report = evaluate({
      data: loaded.data,
      y: loaded.y,
      model: options.model,
      calibration: options.calibration,
      folds: options.folds,
      seed: options.seed,
      testFraction: options.testFraction,
      ...(loaded.times === undefined ? {} : { times: loaded.times }),
      ...(options.recalibrateRecent === undefined ? {} : { recalibrateRecent: options.recalibrateRecent }),
    });
  } catch (error) {
    // evaluate() validates its inputs with RangeError (e.g. a test period without rows).
    if (error instanceof RangeError) throw new EvaluateInputError(`${options.csv}: ${error.message}`);
    throw error;
  }
  const dataset = {
    source: options.csv,
    rows: loaded.data.nRows,
    features: loaded.data.featureNames.length,
    target: loaded.target,
    positiveLabel: loaded.positiveLabel,
    droppedColumns: loaded.droppedColumns,
    warnings: loaded.warnings,
    ...(loaded.timeColumn === undefined ? {} : { timeColumn: loaded.timeColumn }),
  };
  return options.json ? evaluationJson(report, dataset) : formatEvaluation(report, dataset);
}

/** `scorebridge evaluate`: cross-validated, calibrated quality report for a scoring model on any CSV. */
export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description(
      'cross-validate a calibrated scoring model on a CSV and report ROC-AUC, log loss, calibration and lift',
    )
    .requiredOption('--csv <file>', 'CSV file with one row per lead/customer')
    .requiredOption('--target <column>', 'column holding the outcome to predict')
    .option('--positive <value>', 'target value that counts as positive (default: auto-detect Yes/1/True)')
    .option(
      '--drop <columns>',
      'comma-separated columns to leave out (IDs, fields filled after the outcome)',
      commaList,
    )
    .option('--delimiter <char>', "field delimiter, e.g. ';' or tab", delimiter, ',')
    .option(
      '--missing <tokens>',
      "comma-separated cell values meaning missing, e.g. 'Select,NA'; replaces the default NA,N/A,NaN,null (blank cells are always missing)",
      commaList,
    )
    .addOption(
      new Option('--model <model>', 'learner to evaluate')
        .choices(['forest', 'boosting', 'logistic', 'auto'])
        .default('auto'),
    )
    .addOption(
      new Option('--calibration <method>', 'probability calibration')
        .choices(['isotonic', 'platt', 'none', 'auto'])
        .default('auto'),
    )
    .option('--folds <k>', 'number of stratified folds', integerAtLeast(2), 5)
    .option('--seed <n>', 'random seed for folds and learners', integerAtLeast(0), 42)
    .addOption(
      new Option(
        '--decimal <char>',
        "decimal separator in numbers, '.' or ',' (default: detect per column)",
      ).choices(['.', ',']),
    )
    .option(
      '--thousands <char>',
      "thousands separator in numbers: ',', '.', space, apostrophe or none (default: detect per column)",
      thousands,
    )
    .option(
      '--time-column <column>',
      'date/time column for an out-of-time test: train on earlier rows, test on the latest (not used as a feature)',
    )
    .option('--test-fraction <share>', 'with --time-column: share of the latest rows to test on', share, 0.2)
    .option(
      '--recalibrate-recent <share>',
      'with --time-column: fit the probability calibration on the latest share of training outcomes only',
      share,
    )
    .option('--json', 'print the report as JSON')
    .action(async (options: EvaluateCliOptions, command: Command) => {
      let output: string;
      try {
        output = await runEvaluate(options);
      } catch (error) {
        const exitCode = error instanceof EvaluateInputError ? 2 : 1;
        command.error(`error: ${(error as Error).message}`, { exitCode, code: 'scorebridge.evaluate' });
        return;
      }
      process.stdout.write(output);
    });
}
