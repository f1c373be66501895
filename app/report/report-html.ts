import { provenanceSummary } from './feature-origins.ts';
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
} from './report-data.ts';
import { calibrationChart, distributionChart, escapeXml, gainsChart } from './report-svg.ts';
import { tiersText } from './report-tiers.ts';

/** Styles of the report's model sections; the dashboard reuses them for its model cards. */
export const REPORT_STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#111827;max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2.5rem;border-bottom:1px solid #e5e7eb}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.85rem}td,th{padding:.25rem .6rem;border-bottom:1px solid #f3f4f6;text-align:right}
td:first-child,th:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:1.5rem}.muted{color:#6b7280}
.alert{color:#b91c1c;font-weight:600}.warn{color:#b45309}.ok{color:#047857}`;

/** An HTML table with every cell escaped. */
export function htmlTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const head = headers.map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeXml(String(cell))}</td>`).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function tableOf(content: ReportTable): string {
  return htmlTable(content.headers, content.rows);
}

function binaryHtml(report: ModelReport): string {
  const m = report.promoted!.metrics as BinaryReportMetrics;
  const h = m.holdout;
  const run = report.run?.summary as BinaryRunSummary | undefined;
  const series = [{ name: 'holdout', counts: h.scoreHistogram, color: '#93c5fd' }];
  if (run?.histogram)
    series.push({ name: `scored ${report.run!.asOf.slice(0, 10)}`, counts: run.histogram, color: '#f59e0b' });
  const drift = run?.drift
    ? `<p>Drift of the last scoring run (${escapeXml(report.run!.asOf)}, ${run.drift.rows} rows) against training: score PSI <span class="${escapeXml(run.drift.score.status)}">${fixed(run.drift.score.psi)} (${escapeXml(run.drift.score.status)})</span>; ${run.drift.alert} features alert (PSI &ge; 0.25), ${run.drift.warn} warn (&ge; 0.1).</p>` +
      htmlTable(
        ['feature', 'PSI', 'status'],
        run.drift.features.slice(0, 15).map((f) => [f.feature, fixed(f.psi), f.status]),
      )
    : '<p class="muted">No scoring run yet: run <code>scorebridge score</code> to measure drift.</p>';
  return [
    `<p>Holdout: cutoff ${escapeXml(m.cutoffs.holdout)}, ${h.rows} rows, ${h.positives} positive (base rate ${percent(h.baseRate)}). ` +
      `ROC-AUC <b>${fixed(h.rocAuc)}</b>, PR-AUC ${fixed(h.prAuc)}, log loss ${fixed(h.logLoss)}, Brier ${fixed(h.brier)}, ECE ${fixed(h.ece)}. ` +
      `Learner ${escapeXml(m.chosen)} with ${escapeXml(m.calibration)} calibration.</p>`,
    `<div class="charts">${calibrationChart(h.reliability)}${gainsChart(h.lift.bands)}${distributionChart(series)}</div>`,
    '<h3>Lift and gains by decile</h3>',
    tableOf(liftTableRows(h)),
    '<h3>Calibration</h3>',
    tableOf(calibrationTableRows(h)),
    '<h3>Top features (mean |SHAP| on the holdout)</h3>',
    report.features ? `<p>${escapeXml(provenanceSummary(report.features))}</p>` : '',
    tableOf(importanceTableRows(m, report.labels, 15, report.features)),
    '<h3>Drift</h3>',
    drift,
  ].join('\n');
}

function otherHtml(report: ModelReport): string {
  const m = report.promoted!.metrics as Record<string, unknown>;
  if (report.spec.kind === 'ltv') {
    return htmlTable(
      [
        'holdout cutoff',
        'days',
        'accounts',
        'MAE',
        'RMSE',
        'predicted / actual',
        'Spearman',
        'top-10% revenue share',
      ],
      [
        [
          String(m.holdoutCutoff),
          Number(m.evaluationDays),
          Number(m.rows),
          fixed(m.mae as number, 2),
          fixed(m.rmse as number, 2),
          fixed(m.totalRatio as number),
          fixed(m.spearman as number),
          percent(m.topDecileShare as number),
        ],
      ],
    );
  }
  const gate = m.gate as { reason?: string } | undefined;
  const run = report.run?.summary as { actions?: Record<string, number> } | undefined;
  const actions = run?.actions
    ? htmlTable(['action', 'entities'], Object.entries(run.actions))
    : '<p class="muted">No scoring run yet.</p>';
  return `<p>${escapeXml(gate?.reason ?? '')}</p>${actions}`;
}

/** One model's section without its heading: metrics, charts, tables and drift (or why there are none). */
export function modelSectionHtml(report: ModelReport): string {
  if (!report.promoted) return '<p class="muted">No promoted model: run <code>scorebridge train</code>.</p>';
  const r = report.promoted;
  const header = `<p>v${r.version}, trained ${escapeXml(r.trainedAt)} as of ${escapeXml(r.asOf)}; training window ${escapeXml(r.trainingWindow.from)} to ${escapeXml(r.trainingWindow.to)}. ${escapeXml(r.promotionReason ?? '')}</p>`;
  const newest = report.newest
    ? `<p class="warn">Newest v${report.newest.version} is ${escapeXml(report.newest.status)}: ${escapeXml(report.newest.promotionReason ?? '')}</p>`
    : '';
  const tiers = `<p>${escapeXml(tiersText(report))}</p>`;
  return header + newest + tiers + (isBinary(report.spec) ? binaryHtml(report) : otherHtml(report));
}

/** A self-contained HTML report (inline CSS and SVG; nothing fetched) of every configured model. */
export function renderReportHtml(reports: readonly ModelReport[], generatedAt: string): string {
  const sections = reports.map(
    (report) =>
      `<h2>${escapeXml(report.spec.name)} <span class="muted">(${report.spec.kind}, ${report.spec.entity}, ${report.spec.horizonDays}-day horizon)</span></h2>${modelSectionHtml(report)}`,
  );
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>scorebridge model report</title><style>${REPORT_STYLE}</style></head>\n<body><h1>scorebridge model report</h1><p class="muted">Generated ${escapeXml(generatedAt)}. Quality is measured on the latest fully observed period (out of time), never on training rows.</p>\n${sections.join('\n')}\n</body></html>\n`;
}
