import { htmlTable } from '../../report/report-html.ts';
import { barChart } from './charts.ts';
import { esc } from './layout.ts';
import type { WorkflowFunnel } from './sequence-data.ts';

function share(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((100 * part) / whole)}%`;
}

function funnelCard(f: WorkflowFunnel): string {
  const chart = barChart(
    `${f.workflow}: sequence funnel`,
    [
      { label: 'enrolled', value: f.enrolled, color: '#6366f1' },
      {
        label: 'emailed',
        value: f.emailed,
        color: '#0ea5e9',
        note: `${share(f.emailed, f.enrolled)}, ${f.emails} emails`,
      },
      { label: 'opened', value: f.opened, color: '#10b981', note: share(f.opened, f.emailed) },
      { label: 'clicked', value: f.clicked, color: '#f59e0b', note: share(f.clicked, f.emailed) },
      { label: 'replied', value: f.replied, color: '#a855f7', note: share(f.replied, f.emailed) },
      { label: 'exited', value: f.exited, color: '#ef4444', note: share(f.exited, f.enrolled) },
    ],
    'funnel-chart',
  );
  const exits =
    f.exits.length === 0
      ? '<p class="empty">No exits.</p>'
      : htmlTable(
          ['exit reason', 'enrollments'],
          f.exits.map((exit) => [exit.reason, exit.count]),
        );
  return `<section class="card" data-workflow="${esc(f.workflow)}"><h2>${esc(f.workflow)}</h2>
<p class="muted">${f.active} active, ${f.completed} completed, ${f.exited} exited. Opens, clicks and replies count once per emailed enrollment, after its first email.</p>
${chart}<h3>Exits by reason</h3>${exits}</section>`;
}

/** The funnel of every workflow: enrolled, emailed, opened/clicked/replied after the send, exited by reason. */
export function sequencesBody(funnels: readonly WorkflowFunnel[]): string {
  if (funnels.length === 0)
    return '<p class="empty">No workflow has enrolled anyone yet: run <code>scorebridge run</code>.</p>';
  return `<div class="cards">${funnels.map(funnelCard).join('\n')}</div>`;
}
