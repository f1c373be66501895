import type { ModelReport } from '../../report/report-data.ts';
import { modelSectionHtml } from '../../report/report-html.ts';
import { esc } from './layout.ts';

/** A card per configured model: the same metrics, charts, tables and drift as `scorebridge report --html`. */
export function modelsBody(reports: readonly ModelReport[]): string {
  if (reports.length === 0) return '<p class="empty">No models are enabled in scoring.models.</p>';
  const cards = reports.map(
    (report) =>
      `<section class="card model-card" data-model="${esc(report.spec.name)}"><h2>${esc(report.spec.name)} <span class="muted">(${esc(report.spec.kind)}, ${esc(report.spec.entity)}, ${esc(report.spec.horizonDays)}-day horizon)</span></h2>${modelSectionHtml(report)}</section>`,
  );
  return `<p class="muted">Quality is measured on the latest fully observed period (out of time), never on training rows.</p><div class="cards">${cards.join('\n')}</div>`;
}
