import {
  type BinaryReportMetrics,
  type BinaryRunSummary,
  isBinary,
  type ModelReport,
} from '../../report/report-data.ts';
import { curveChart, groupedBarChart } from './charts.ts';
import type { DashboardContext } from './context.ts';
import { formatCount, formatDate, formatMoney, formatPercent } from './format.ts';
import { esc } from './layout.ts';
import { type MetricName, metricHelp } from './metric-help.ts';
import type { ModelMeaning } from './model-meaning.ts';
import { actionChip } from './ui.ts';

const fixed = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits);

function metricRows(rows: readonly [string, string, MetricName][]): string {
  return `<table class="metrics"><thead><tr><th>Measure</th><th class="num">Value</th><th>What it means</th></tr></thead><tbody>${rows
    .map(
      ([name, value, help]) =>
        `<tr><td>${esc(name)}</td><td class="num"><b>${esc(value)}</b></td><td class="small">${esc(metricHelp(help))}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function rocWords(auc: number | null): string {
  if (auc === null) return '';
  if (auc >= 0.8) return 'strong';
  if (auc >= 0.7) return 'useful';
  if (auc >= 0.6) return 'weak';
  return 'no better than chance';
}

function psiStatus(psi: number, status: string): string {
  const word = status === 'alert' ? 'shifted' : status === 'warn' ? 'worth watching' : 'stable';
  return `<span class="${status === 'alert' ? 'alert' : status === 'warn' ? 'warn' : 'ok'}">${esc(word)}</span> (PSI ${esc(fixed(psi))})`;
}

async function binarySection(report: ModelReport, meaning: ModelMeaning): Promise<string> {
  const m = report.promoted!.metrics as BinaryReportMetrics;
  const h = m.holdout;
  const run = report.run?.summary as BinaryRunSummary | undefined;
  const outcome = meaning.kind === 'churn' ? 'cancelled' : 'bought';
  const metrics = metricRows([
    ['Ranking quality (ROC-AUC)', `${fixed(h.rocAuc)} ${rocWords(h.rocAuc)}`, 'rocAuc'],
    [
      'Top-of-list precision (PR-AUC)',
      `${fixed(h.prAuc)} vs base rate ${formatPercent(h.baseRate, 1)}`,
      'prAuc',
    ],
    ['Calibration error (ECE)', fixed(h.ece, 3), 'ece'],
    ['Log loss', fixed(h.logLoss, 3), 'logLoss'],
    ['Brier score', fixed(h.brier, 3), 'brier'],
  ]);
  const calibrationPoints = h.reliability
    .filter((b) => b.count > 0 && b.meanPredicted !== null && b.observedRate !== null)
    .map((b) => ({ x: b.meanPredicted!, y: b.observedRate!, series: 'this model', size: b.count }));
  const calibration = await curveChart({
    title: 'Calibration',
    subtitle: 'predicted vs what happened',
    points: [
      ...calibrationPoints,
      { x: 0, y: 0, series: 'perfectly calibrated' },
      { x: 1, y: 1, series: 'perfectly calibrated' },
    ],
    series: [
      { name: 'this model', color: '#2563eb' },
      { name: 'perfectly calibrated', color: '#9ca3af', dashed: true },
    ],
    xTitle: 'predicted probability',
    yTitle: `share that ${outcome}`,
    className: 'calibration-chart',
  });
  const gains = await curveChart({
    title: 'Cumulative gains',
    subtitle: 'working the highest scores first',
    points: [
      { x: 0, y: 0, series: 'this model' },
      ...h.lift.bands.map((b) => ({
        x: b.toPercent / 100,
        y: (b.cumulativeGainPercent ?? 0) / 100,
        series: 'this model',
        size: 1,
      })),
      { x: 0, y: 0, series: 'random picks' },
      { x: 1, y: 1, series: 'random picks' },
    ],
    series: [
      { name: 'this model', color: '#059669' },
      { name: 'random picks', color: '#9ca3af', dashed: true },
    ],
    xTitle: 'share of records worked',
    yTitle: `share of all who ${outcome}`,
    className: 'gains-chart',
    showPoints: false,
  });
  const share = (counts: readonly number[]) => {
    const total = counts.reduce((a, b) => a + b, 0);
    return counts.map((c) => (total === 0 ? 0 : c / total));
  };
  const series = [{ name: 'holdout', counts: h.scoreHistogram, color: '#93c5fd' }];
  if (run?.histogram)
    series.push({
      name: `latest run ${formatDate(report.run!.asOf)}`,
      counts: run.histogram,
      color: '#f59e0b',
    });
  const distribution = await groupedBarChart({
    title: 'Score distribution',
    subtitle: 'share of records per 10-point band',
    bars: series.flatMap((s) =>
      share(s.counts).map((value, i) => ({ band: `${i * 10}`, series: s.name, value })),
    ),
    series: series.map((s) => ({ name: s.name, color: s.color })),
    xTitle: 'score band (from)',
    yTitle: 'share of records',
    className: 'distribution-chart',
  });
  const lift = `<table data-table="lift"><thead><tr><th>Top share of scores</th><th class="num">Records</th><th class="num">${esc(outcome)}</th><th class="num">Rate</th><th class="num">Lift</th><th class="num">Reached so far</th></tr></thead><tbody>${h.lift.bands
    .map(
      (b) =>
        `<tr><td>top ${Math.round(b.toPercent)}%</td><td class="num">${formatCount(b.count)}</td><td class="num">${formatCount(b.positives)}</td><td class="num">${formatPercent(b.rate, 1)}</td><td class="num">${fixed(b.lift, 1)}×</td><td class="num">${formatPercent((b.cumulativeGainPercent ?? Number.NaN) / 100)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  const features = m.importance
    .slice(0, 10)
    .map(
      (f) =>
        `<tr><td>${esc(report.labels.get(f.feature) ?? f.feature)}</td><td class="num">${esc(fixed(f.meanAbsShap, 2))}</td></tr>`,
    )
    .join('');
  const drift = run?.drift
    ? `<p>Scores of the latest run (${esc(formatDate(report.run!.asOf))}, ${formatCount(run.drift.rows)} records) compared with training: ${psiStatus(run.drift.score.psi, run.drift.score.status)}; ${run.drift.alert} input${run.drift.alert === 1 ? '' : 's'} shifted, ${run.drift.warn} worth watching.</p>
<table data-table="drift"><thead><tr><th>Input</th><th>Change since training</th></tr></thead><tbody>${run.drift.features
        .slice(0, 8)
        .map(
          (f) =>
            `<tr><td>${esc(report.labels.get(f.feature) ?? f.feature)}</td><td>${psiStatus(f.psi, f.status)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="empty">No scoring run yet: run <code>scorebridge score</code> to measure drift.</p>';
  return `<p>Tested on ${formatCount(h.rows)} records from ${esc(formatDate(m.cutoffs.holdout))}, a period the model never saw: ${formatCount(h.positives)} ${esc(outcome)} (base rate ${formatPercent(h.baseRate, 1)}).</p>
${metrics}
<div class="charts">${calibration}${gains}${distribution}</div>
<p class="help">${esc(metricHelp('calibration'))} ${esc(metricHelp('gains'))} ${esc(metricHelp('distribution'))}</p>
<h3>Lift by decile</h3><p class="help">${esc(metricHelp('lift'))}</p>${lift}
<h3>What moves the score</h3><p class="help">${esc(metricHelp('importance'))}</p><table data-table="features"><thead><tr><th>Signal</th><th class="num">Average effect (points)</th></tr></thead><tbody>${features}</tbody></table>
<h3>Drift</h3><p class="help">${esc(metricHelp('psi'))}</p>${drift}`;
}

function ltvSection(report: ModelReport): string {
  const m = report.promoted!.metrics as Record<string, number | string>;
  const n = (key: string) => (typeof m[key] === 'number' ? (m[key] as number) : null);
  return `<p>Tested on ${formatCount(n('rows'))} accounts over the ${formatCount(n('evaluationDays'))} days after ${esc(formatDate(String(m.holdoutCutoff)))}.</p>${metricRows(
    [
      ['Average miss (MAE)', formatMoney(n('mae')), 'mae'],
      ['RMSE', formatMoney(n('rmse')), 'rmse'],
      ['Predicted / actual revenue', fixed(n('totalRatio')), 'totalRatio'],
      ['Rank correlation', fixed(n('spearman')), 'spearman'],
      ['Revenue from the top 10%', formatPercent(n('topDecileShare')), 'topDecileShare'],
    ],
  )}`;
}

function nbaSection(report: ModelReport, meaning: ModelMeaning): string {
  const gate = (report.promoted!.metrics as { gate?: { reason?: string } }).gate;
  const actions = (report.run?.summary as { actions?: Record<string, number> } | undefined)?.actions;
  const rows = actions
    ? `<table data-table="actions"><thead><tr><th>Action</th><th class="num">Records</th></tr></thead><tbody>${Object.entries(
        actions,
      )
        .sort((a, b) => b[1] - a[1])
        .map(
          ([action, count]) =>
            `<tr><td>${actionChip(meaning, action)}</td><td class="num">${formatCount(count)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="empty">No scoring run yet.</p>';
  return `<p>${esc(gate?.reason ?? '')}</p><p class="help">A learned policy is used only when it beats the best single action by two standard errors on past outcomes; otherwise the catalog's priority rules choose.</p>${rows}`;
}

async function card(ctx: DashboardContext, report: ModelReport): Promise<string> {
  const meaning = ctx.models.get(report.spec.name);
  const title = meaning?.displayName ?? report.spec.name;
  const head = `<h2>${esc(title)}</h2>${meaning ? `<p class="help">${esc(meaning.explanation)}</p>` : ''}`;
  if (!report.promoted || !meaning)
    return `<section class="card wide model-card" data-model="${esc(report.spec.name)}">${head}<p class="empty">No model in use yet: run <code>scorebridge train</code>.</p></section>`;
  const r = report.promoted;
  // The registry's reason is a clause ("no promoted model to compare with; …"): made a sentence here.
  const reason = r.promotionReason
    ? `${r.promotionReason.charAt(0).toUpperCase()}${r.promotionReason.slice(1)}.`
    : '';
  const about = `<p class="small">Version ${r.version}, trained ${esc(formatDate(r.trainedAt))} on data up to ${esc(formatDate(r.asOf))}. ${esc(reason.replace(/\.\.$/, '.'))}</p>`;
  const newest = report.newest
    ? `<p class="warn">A newer version (${report.newest.version}) was trained but not put in use: ${esc(report.newest.promotionReason ?? report.newest.status)}</p>`
    : '';
  const body = isBinary(report.spec)
    ? await binarySection(report, meaning)
    : report.spec.kind === 'ltv'
      ? ltvSection(report)
      : nbaSection(report, meaning);
  return `<section class="card wide model-card" data-model="${esc(report.spec.name)}">${head}${about}${newest}${body}</section>`;
}

/** A card per model: quality in plain words, charts, what moves the score, and drift. */
export async function modelsBody(ctx: DashboardContext, reports: readonly ModelReport[]): Promise<string> {
  if (reports.length === 0) return '<p class="empty">No models are enabled in scoring.models.</p>';
  const cards = await Promise.all(reports.map((report) => card(ctx, report)));
  return `<p class="help">Quality is measured on the most recent period whose outcomes are known, never on the records a model learned from.</p><div class="cards">${cards.join('\n')}</div>`;
}
