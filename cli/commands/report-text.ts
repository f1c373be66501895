import { provenanceSummary } from '../../app/report/feature-origins.ts';
import {
  type BinaryReportMetrics,
  type BinaryRunSummary,
  calibrationTableRows,
  fixed,
  importanceTableRows,
  isBinary,
  liftTableRows,
  type ModelReport,
  percent,
  type ReportTable,
} from '../../app/report/report-data.ts';
import { tiersText } from '../../app/report/report-tiers.ts';
import { formatTable } from '../../app/table.ts';
import { wrapLines } from './summary-format.ts';
import { actionWords, dateWords, driftLine, qualityLines } from './summary-words.ts';

function tableText(content: ReportTable): string {
  return formatTable(content.headers, content.rows);
}

/** The holdout quality and the last drift check in sentences, as the run summary says them. */
function binaryWords(
  report: ModelReport,
  m: BinaryReportMetrics,
  run: BinaryRunSummary | undefined,
): string[] {
  const h = m.holdout;
  const quality = {
    rocAuc: h.rocAuc,
    prAuc: h.prAuc,
    calibrationError: h.ece,
    baseRate: h.baseRate,
    holdoutRows: h.rows,
    holdoutPositives: h.positives,
    holdoutCutoff: m.cutoffs.holdout,
  };
  const model = { kind: report.spec.kind, entity: report.spec.entity };
  const lines = qualityLines(model, quality);
  if (run?.drift)
    lines.push(
      driftLine({
        scorePsi: run.drift.score.psi,
        status: run.drift.score.status,
        featuresAlert: run.drift.alert,
        featuresWarn: run.drift.warn,
      }),
    );
  return ['in words:', ...lines.map((line) => wrapLines(`  ${line}`)), ''];
}

function binarySection(report: ModelReport): string[] {
  const record = report.promoted!;
  const m = record.metrics as BinaryReportMetrics;
  const h = m.holdout;
  const run = report.run?.summary as BinaryRunSummary | undefined;
  const lines = [
    ...binaryWords(report, m, run),
    `holdout (cutoff ${m.cutoffs.holdout}, ${h.rows} rows, ${h.positives} positive, base rate ${percent(h.baseRate)}):`,
    `  ROC-AUC ${fixed(h.rocAuc)}  PR-AUC ${fixed(h.prAuc)}  log loss ${fixed(h.logLoss)}  Brier ${fixed(h.brier)}  ECE ${fixed(h.ece)}`,
    wrapLines(`  ${METRICS_NOTE}`),
    `  learner ${m.chosen}, calibration ${m.calibration}; candidates: ${m.candidates.map((c) => `${c.name} (calibration-set log loss ${fixed(c.calibrationLogLoss, 4)})`).join(', ')}`,
    '',
    'lift / gains by decile (holdout): each tenth of the holdout, highest scores first. Lift: how many',
    'times the base rate its rate is (2.0 = twice as many cases as picking at random); cumulative gain:',
    'the share of all cases found from the top down to that tenth.',
    tableText(liftTableRows(h)),
    '',
    'calibration (holdout): for each range of predicted probability, how often the outcome really',
    'happened; close numbers mean the probabilities can be taken at their word.',
    tableText(calibrationTableRows(h)),
    '',
    ...(report.features ? [provenanceSummary(report.features)] : []),
    'top features (mean |SHAP| on the holdout: how far the feature moves a prediction, on average, up',
    'or down; the larger, the more it matters):',
    tableText(importanceTableRows(m, report.labels, 10, report.features)),
  ];
  lines.push('');
  if (!run?.drift) lines.push('drift: no scoring run yet (run `scorebridge score`)');
  else {
    const d = run.drift;
    lines.push(
      `drift on the last scoring run (${report.run!.asOf}, ${d.rows} rows vs training): score PSI ${fixed(d.score.psi)} (${d.score.status}); ${d.alert} features alert (PSI >= 0.25), ${d.warn} warn (>= 0.1)`,
      `PSI (population stability index): how differently a value is spread today than in the training data;`,
      'under 0.1 stable, 0.1-0.25 worth watching, above 0.25 a real shift.',
    );
    lines.push(
      formatTable(
        ['feature', 'PSI', 'status'],
        d.features.slice(0, 10).map((f) => [f.feature, fixed(f.psi), f.status]),
      ),
    );
  }
  return lines;
}

const METRICS_NOTE =
  '(ROC-AUC: how often a real case ranks above a non-case, 0.5 a coin toss; PR-AUC: how many of the ' +
  'top-ranked are real cases, against the base rate; log loss and Brier: how far the probabilities are ' +
  'from what happened, lower is better; ECE: the mean gap between predicted and observed rates)';

function ltvSection(m: Record<string, unknown>): string[] {
  // predicted/actual: 0.9 means the accounts brought a ninth more than predicted.
  const ratio = m.totalRatio as number;
  const broughtShare = Number.isFinite(ratio) && ratio > 0 ? Math.round(100 / ratio) : null;
  return [
    `${m.evaluationDays}-day holdout from ${m.holdoutCutoff}: ${m.rows} accounts; MAE ${fixed(m.mae as number, 2)}, RMSE ${fixed(m.rmse as number, 2)}, predicted/actual ${fixed(ratio)}, Spearman ${fixed(m.spearman as number)}, top-10% revenue share ${percent(m.topDecileShare as number)}`,
    wrapLines(
      `in words: over the ${m.evaluationDays} days after ${dateWords(String(m.holdoutCutoff))}, the accounts brought ${broughtShare === null ? 'revenue that could not be compared with what was predicted' : `${broughtShare}% of the revenue predicted for them in total`}; ` +
        `the tenth it valued highest brought ${percent(m.topDecileShare as number)} of all revenue. ` +
        'MAE and RMSE: the typical error per account in money (RMSE weighs big misses more); Spearman: how well ' +
        'the order of predicted values matches the order of actual revenue (1 = the same order).',
    ),
  ];
}

function otherSection(report: ModelReport): string[] {
  const m = report.promoted!.metrics as Record<string, unknown>;
  if (report.spec.kind === 'ltv') return ltvSection(m);
  const gate = m.gate as { reason?: string } | undefined;
  const run = report.run?.summary as { actions?: Record<string, number> } | undefined;
  const actions = Object.entries(run?.actions ?? {})
    .sort(([, a], [, b]) => b - a)
    .map(([action, n]) => `${n.toLocaleString('en-US')} ${actionWords(action)}`);
  return [
    `policy: ${gate?.reason ?? 'n/a'}`,
    run?.actions ? `last run chose: ${actions.join(', ') || 'no action'}` : 'no scoring run yet',
  ];
}

/** The plain-text report: per model, its champion's quality on the out-of-time holdout and its drift. */
export function formatReport(reports: readonly ModelReport[]): string {
  const out: string[] = [];
  for (const report of reports) {
    out.push(
      `== ${report.spec.name} (${report.spec.kind}, ${report.spec.entity}, ${report.spec.horizonDays}-day horizon) ==`,
    );
    if (!report.promoted) {
      out.push('no promoted model: run `scorebridge train`', '');
      continue;
    }
    const r = report.promoted;
    out.push(
      `v${r.version} trained ${r.trainedAt} as of ${r.asOf}; window ${r.trainingWindow.from} .. ${r.trainingWindow.to}; ${r.promotionReason ?? ''}`,
    );
    if (report.newest)
      out.push(
        `newest v${report.newest.version} is ${report.newest.status}: ${report.newest.promotionReason ?? ''}`,
      );
    out.push(tiersText(report));
    out.push(...(isBinary(report.spec) ? binarySection(report) : otherSection(report)), '');
  }
  return out.join('\n');
}
