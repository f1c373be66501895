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

function tableText(content: ReportTable): string {
  return formatTable(content.headers, content.rows);
}

function binarySection(report: ModelReport): string[] {
  const record = report.promoted!;
  const m = record.metrics as BinaryReportMetrics;
  const h = m.holdout;
  const lines = [
    `holdout (cutoff ${m.cutoffs.holdout}, ${h.rows} rows, ${h.positives} positive, base rate ${percent(h.baseRate)}):`,
    `  ROC-AUC ${fixed(h.rocAuc)}  PR-AUC ${fixed(h.prAuc)}  log loss ${fixed(h.logLoss)}  Brier ${fixed(h.brier)}  ECE ${fixed(h.ece)}`,
    `  learner ${m.chosen}, calibration ${m.calibration}; candidates: ${m.candidates.map((c) => `${c.name} (calibration-set log loss ${fixed(c.calibrationLogLoss, 4)})`).join(', ')}`,
    '',
    'lift / gains by decile (holdout):',
    tableText(liftTableRows(h)),
    '',
    'calibration (holdout):',
    tableText(calibrationTableRows(h)),
    '',
    ...(report.features ? [provenanceSummary(report.features)] : []),
    'top features (mean |SHAP| on the holdout):',
    tableText(importanceTableRows(m, report.labels, 10, report.features)),
  ];
  const run = report.run?.summary as BinaryRunSummary | undefined;
  lines.push('');
  if (!run?.drift) lines.push('drift: no scoring run yet (run `scorebridge score`)');
  else {
    const d = run.drift;
    lines.push(
      `drift on the last scoring run (${report.run!.asOf}, ${d.rows} rows vs training): score PSI ${fixed(d.score.psi)} (${d.score.status}); ${d.alert} features alert (PSI >= 0.25), ${d.warn} warn (>= 0.1)`,
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

function otherSection(report: ModelReport): string[] {
  const m = report.promoted!.metrics as Record<string, unknown>;
  if (report.spec.kind === 'ltv') {
    return [
      `${m.evaluationDays}-day holdout from ${m.holdoutCutoff}: ${m.rows} accounts; MAE ${fixed(m.mae as number, 2)}, RMSE ${fixed(m.rmse as number, 2)}, predicted/actual ${fixed(m.totalRatio as number)}, Spearman ${fixed(m.spearman as number)}, top-10% revenue share ${percent(m.topDecileShare as number)}`,
    ];
  }
  const gate = m.gate as { reason?: string } | undefined;
  const run = report.run?.summary as { actions?: Record<string, number> } | undefined;
  return [
    `policy: ${gate?.reason ?? 'n/a'}`,
    run?.actions ? `last run actions: ${JSON.stringify(run.actions)}` : 'no scoring run yet',
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
