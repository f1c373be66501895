import { formatTable } from '../../app/table.ts';
import type { WorkflowDefinition } from '../../workflows/definitions/index.ts';
import type { PlanEntry } from '../../workflows/engine/index.ts';

function delayText(delay: { amount: number; unit: string }): string {
  return delay.amount === 0 ? 'at once' : `after ${delay.amount} ${delay.unit.replace('_', ' ')}`;
}

/** Every effective setting of a workflow, defaults included, so nothing the engine does is hidden. */
export function describeWorkflow(workflow: WorkflowDefinition): string {
  const d = workflow.delivery;
  const lines = [
    `Workflow ${workflow.name} (${workflow.file})${workflow.enabled ? '' : ' [disabled]'}`,
    `  triggers:      ${workflow.entry.triggers.map((t) => JSON.stringify(t)).join(', ')}`,
    `  audience:      ${workflow.entry.audience ?? 'everyone the trigger matches'}`,
    `  re-enrollment: ${workflow.entry.reenrollment}`,
    `  exits:         ${workflow.exit.map((e) => ('model' in e ? `${e.on}(${e.model} < ${e.value})` : 'when' in e ? `condition(${e.when})` : e.on)).join(', ')}`,
    `  send window:   ${d.sendWindow ?? 'any time'} on ${d.sendDays.join(',')}, contact's zone (fallback ${d.fallbackTimeZone}); quiet hours ${d.quietHours.length ? d.quietHours.join(', ') : 'none'}; deferral ${d.deferral}`,
    `  business days: ${d.businessDays.join(',')}; holiday calendars applied: ${d.applyHolidayCalendars.length ? d.applyHolidayCalendars.join(', ') : 'none'}`,
    `  frequency caps: ${workflow.frequency_caps.length ? workflow.frequency_caps.map((c) => `${c.category} ≤ ${c.max} per ${c.within.amount} ${c.within.unit}`).join('; ') : 'none'}`,
    '  steps:',
    ...workflow.steps.map((step, index) => {
      const detail =
        step.action === 'send_email'
          ? `${step.template} (${step.category})`
          : 'to' in step
            ? `to ${step.to}`
            : '';
      const tiers = step.tiers ? ` tiers ${step.tiers.join(',')}` : '';
      const inactive = step.active ? '' : ` [skipped: ${step.skippedReason}]`;
      return `    ${index}. ${step.action} ${detail} ${delayText(step.delay)}${tiers}${inactive}`.replace(
        / +/g,
        ' ',
      );
    }),
  ];
  return lines.join('\n');
}

export function planCounts(entries: readonly PlanEntry[]): string {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const key = `${entry.workflow}\u0000${entry.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return formatTable(
    ['workflow', 'status', 'entities'],
    [...counts].map(([key, n]) => {
      const [workflow, status] = key.split('\u0000') as [string, string];
      return [workflow, status, n];
    }),
  );
}

/** The most common reasons entities are not enrolled or steps are skipped, with a count each. */
export function planReasons(entries: readonly PlanEntry[], limit = 10): string {
  const counts = new Map<string, number>();
  const bump = (reason: string) => counts.set(reason, (counts.get(reason) ?? 0) + 1);
  for (const entry of entries) {
    if (entry.status === 'not_enrolled') bump(`not enrolled: ${entry.reasons[0] ?? 'no reason'}`);
    for (const skipped of entry.skippedSteps) bump(`step ${skipped.stepIndex} skipped: ${skipped.reason}`);
    if (entry.next?.outcome === 'deferred')
      bump(`step ${entry.next.stepIndex} deferred: ${entry.next.reason}`);
  }
  const rows = [...counts].sort((a, b) => b[1] - a[1]).slice(0, limit);
  return formatTable(
    ['why', 'entities'],
    rows.map(([reason, n]) => [reason.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>'), n]),
  );
}

export function planEntries(entries: readonly PlanEntry[], limit: number): string {
  const shown = entries.filter((entry) => entry.status !== 'not_enrolled').slice(0, limit);
  return formatTable(
    ['workflow', 'entity', 'status', 'next step', 'when', 'why'],
    shown.map((entry) => [
      entry.workflow,
      `${entry.entity.type}:${entry.entity.id}`,
      entry.status,
      entry.next ? `${entry.next.stepIndex} ${entry.next.action}` : '-',
      entry.next ? (entry.next.deferredUntil ?? entry.next.at) : '-',
      entry.reasons.join('; '),
    ]),
  );
}
