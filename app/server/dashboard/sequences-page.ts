import { barChart } from './charts.ts';
import { formatCount } from './format.ts';
import { esc } from './layout.ts';
import { metricHelp } from './metric-help.ts';
import { exitReasonText } from './record-workflows.ts';
import type { WorkflowFunnel } from './sequence-data.ts';
import { workflowName } from './ui.ts';

function share(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((100 * part) / whole)}%`;
}

async function funnelCard(f: WorkflowFunnel): Promise<string> {
  const name = workflowName(f.workflow);
  const chart = await barChart({
    title: `${name}: from enrollment to reply`,
    subtitle: 'engagement counts once per enrollment, after its first e-mail',
    bars: [
      { label: 'enrolled', value: f.enrolled, color: '#6366f1' },
      {
        label: 'e-mailed',
        value: f.emailed,
        color: '#0ea5e9',
        note: `${share(f.emailed, f.enrolled)}, ${formatCount(f.emails)} e-mails`,
      },
      { label: 'opened', value: f.opened, color: '#34d399', note: share(f.opened, f.emailed) },
      { label: 'clicked', value: f.clicked, color: '#10b981', note: share(f.clicked, f.emailed) },
      { label: 'replied', value: f.replied, color: '#047857', note: share(f.replied, f.emailed) },
      { label: 'left early', value: f.exited, color: '#94a3b8', note: share(f.exited, f.enrolled) },
    ],
    className: 'funnel-chart',
    width: 340,
  });
  const exits =
    f.exits.length === 0
      ? '<p class="empty">Nobody left early.</p>'
      : `<table data-table="exits"><thead><tr><th>Why they left</th><th class="num">Enrollments</th></tr></thead><tbody>${f.exits
          .map(
            (exit) =>
              `<tr><td>${esc(exitReasonText(exit.reason))}</td><td class="num">${formatCount(exit.count)}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  return `<section class="card half" data-workflow="${esc(f.workflow)}"><h2>${esc(name)}</h2>
<p class="small">${formatCount(f.active)} in progress, ${formatCount(f.completed)} completed, ${formatCount(f.exited)} left early.</p>
${chart}<p class="help">${esc(metricHelp('funnel'))}</p><h3>Why enrollments ended early</h3>${exits}</section>`;
}

/** The funnel of every workflow: enrolled, e-mailed, opened/clicked/replied after the send, left early by reason. */
export async function sequencesBody(funnels: readonly WorkflowFunnel[]): Promise<string> {
  if (funnels.length === 0)
    return '<p class="empty">No workflow has enrolled anyone yet: run <code>scorebridge run</code>.</p>';
  return `<div class="cards">${(await Promise.all(funnels.map(funnelCard))).join('\n')}</div>`;
}
