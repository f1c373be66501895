import type { EvaluationReport } from '../../scoring/eval/evaluate.ts';
import { describeGain } from '../../scoring/metrics/lift.ts';

export interface DatasetDescription {
  readonly source: string;
  readonly rows: number;
  readonly features: number;
  readonly target: string;
  readonly positiveLabel: string;
  readonly droppedColumns: readonly string[];
  readonly warnings: readonly string[];
  readonly timeColumn?: string;
}

function percent(share: number): string {
  return `${Math.round(100 * share)}%`;
}

/** One sentence on how the rows were split and where the calibrator came from. */
function describeValidation(report: EvaluationReport, dataset: DatasetDescription): string {
  const recent =
    report.recalibrateRecent === undefined
      ? 'calibration fitted on out-of-fold scores of the training rows'
      : `calibration fitted on out-of-fold scores of the latest ${percent(report.recalibrateRecent)} of training rows (recent outcomes)`;
  if (report.validation === 'out-of-time') {
    const fold = report.folds[0];
    return `model ${report.model}, out-of-time test on '${dataset.timeColumn ?? 'time'}': trained on the earliest ${fold?.trainRows ?? 0} rows, tested on the latest ${fold?.testRows ?? 0}; learner chosen on the latest training rows; ${recent}`;
  }
  return `model ${report.model}, ${report.folds.length} folds, seed ${report.seed}; ${recent} inside each fold`;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** Plain-text table; the first `textColumns` columns are left-aligned, numbers right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[], textColumns = 1): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) =>
        c < textColumns ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number),
      )
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Human-readable report: per-fold metrics, mean +- sd, and the lift table. */
export function formatEvaluation(report: EvaluationReport, dataset: DatasetDescription): string {
  const out: string[] = [];
  out.push(
    `${dataset.source}: ${dataset.rows} rows, ${dataset.features} features, target '${dataset.target}' = '${dataset.positiveLabel}' (${fixed(100 * report.positiveRate, 1)}% positive)`,
  );
  if (dataset.droppedColumns.length > 0) out.push(`dropped: ${dataset.droppedColumns.join(', ')}`);
  for (const warning of dataset.warnings) out.push(`warning: ${warning}`);
  out.push(describeValidation(report, dataset));
  out.push('');
  const header = [
    'fold',
    'model',
    'calib',
    'ROC-AUC',
    'PR-AUC',
    'logloss raw',
    'logloss cal',
    'Brier',
    'ECE',
    'acc@0.5',
    'fit s',
    'pred s',
  ];
  const rows = report.folds.map((f) => [
    String(f.fold),
    f.model,
    f.calibration,
    fixed(f.rocAuc, 4),
    fixed(f.prAuc, 4),
    fixed(f.logLossRaw, 4),
    fixed(f.logLoss, 4),
    fixed(f.brier, 4),
    fixed(f.ece, 4),
    fixed(f.accuracy, 4),
    fixed(f.fitSeconds, 2),
    fixed(f.predictSeconds, 3),
  ]);
  const s = report.summary;
  const meanSd = (m: keyof typeof s, digits: number) =>
    `${fixed(s[m].mean, digits)}±${fixed(s[m].sd, digits)}`;
  rows.push([
    'mean±sd',
    '',
    '',
    meanSd('rocAuc', 4),
    meanSd('prAuc', 4),
    meanSd('logLossRaw', 4),
    meanSd('logLoss', 4),
    meanSd('brier', 4),
    meanSd('ece', 4),
    meanSd('accuracy', 4),
    fixed(s.fitSeconds.mean, 2),
    fixed(s.predictSeconds.mean, 3),
  ]);
  out.push(table(header, rows, 3));
  out.push(
    'ROC-AUC: chance a random positive scores above a random negative (0.5 = guessing). Log loss and Brier: error of the probabilities (lower is better; raw = before calibration). ECE: average gap between predicted probability and observed rate over 10 probability bins (0 = calibrated).',
  );
  out.push('');
  out.push('Lift and gains (calibrated out-of-fold scores, all folds pooled; band 1 = highest scores)');
  out.push(
    table(
      ['band', 'rows', 'positives', 'rate', 'lift', 'cum. gain', 'cum. lift', 'scores'],
      report.lift.bands.map((b) => [
        `${b.band} (top ${Math.round(b.toPercent)}%)`,
        String(b.count),
        String(b.positives),
        `${fixed(100 * b.rate, 1)}%`,
        fixed(b.lift, 2),
        `${fixed(b.cumulativeGainPercent, 1)}%`,
        fixed(b.cumulativeLift, 2),
        `${fixed(b.minScore, 3)}-${fixed(b.maxScore, 3)}`,
      ]),
    ),
  );
  out.push('');
  out.push(`${describeGain(report.lift, 1, 'positives')}; ${describeGain(report.lift, 2, 'positives')}.`);
  return `${out.join('\n')}\n`;
}

/** JSON-safe copy of the report (NaN -> null, per-row scores left out to keep the output small). */
export function evaluationJson(report: EvaluationReport, dataset: DatasetDescription): string {
  const { outOfFold: _rowScores, ...rest } = report;
  return `${JSON.stringify({ dataset, ...rest }, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}
