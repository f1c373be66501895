import { formatTable } from '../../app/table.ts';
import type { WorkflowRunSummary } from '../../app/workflows/workflow-engine.ts';
import type { WorkflowStatus } from '../../app/workflows/workflow-status.ts';

export function formatRunSummary(summary: WorkflowRunSummary): string {
  const exits =
    Object.entries(summary.exited)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ') || 'none';
  const lines = [
    `workflow run ${summary.runId}: ${summary.candidates} entities scored since the last run; ${summary.enrolled} enrolled, ${summary.notEnrolled} not (see \`scorebridge plan\` for why)`,
    `  steps: ${summary.steps.sent} ran, ${summary.steps.skipped} skipped, ${summary.steps.deferred} waiting for their send window${summary.steps.held > 0 ? `, ${summary.steps.held} held until an unknown outcome is resolved` : ''}; ${summary.completed} enrollments completed; exits: ${exits}`,
    `  outbox: ${summary.relay.sent} delivered, ${summary.relay.retried} to retry, ${summary.relay.failed} failed, ${summary.relay.deadLettered} dead-lettered, ${summary.relay.unknown} unknown`,
  ];
  if (summary.suppressionsAdded > 0)
    lines.push(
      `  suppression list: ${summary.suppressionsAdded} addresses added from unsubscribe/bounce events`,
    );
  if (summary.recovered.requeued + summary.recovered.unknown > 0)
    lines.push(
      `  after a crash: ${summary.recovered.requeued} CRM writes and keyed tasks replayed, ${summary.recovered.unknown} sends marked unknown (not resent on their own: \`scorebridge outbox resolve\`)`,
    );
  return lines.join('\n');
}

/** A scheduled run the gates held, for the runner's output. */
export function formatHeldRun(tripped: readonly { readonly message: string }[]): string {
  return [
    'workflow run held by safety gates: nothing was enrolled, queued or sent',
    ...tripped.map((trip) => `  - ${trip.message}`),
  ].join('\n');
}

export function formatStatus(status: WorkflowStatus): string {
  const parts = [
    'Enrollments:',
    formatTable(
      ['workflow', 'state', 'tier', 'count'],
      status.enrollments.map((r) => [r.workflow, r.state, r.tier ?? '-', Number(r.count)]),
    ),
    '',
    'Exited by reason:',
    formatTable(
      ['workflow', 'reason', 'count'],
      status.exits.map((r) => [r.workflow, r.reason, Number(r.count)]),
    ),
    '',
    'Steps:',
    formatTable(
      ['workflow', 'step', 'outcome', 'count'],
      status.steps.map((r) => [r.workflow, Number(r.stepIndex), r.outcome, Number(r.count)]),
    ),
    '',
    'Outbox:',
    formatTable(
      ['kind', 'state', 'count'],
      status.outbox.map((r) => [r.kind, r.state, Number(r.count)]),
    ),
    '',
    `Suppression list: ${Object.entries(status.suppressions)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ')}`,
  ];
  if (status.unknown.length > 0) {
    parts.push(
      '',
      `Unknown outcome (${status.unknown.length}): the process stopped mid-send, so these may or may not have happened. Their sequences wait. Check the mail log or the CRM, then \`scorebridge outbox resolve <id> --delivered\` (it happened) or \`--resend\` (send again with the same Message-ID):`,
      formatTable(
        ['outbox id', 'kind', 'since', 'error'],
        status.unknown.slice(0, 20).map((row) => [row.id, row.kind, row.updatedAt, row.lastError ?? '']),
      ),
    );
  }
  if (status.deadLetter > 0)
    parts.push(
      '',
      `${status.deadLetter} dead-lettered rows: \`scorebridge retry --dead-letter\` sends them again.`,
    );
  if (status.runs.length > 0)
    parts.push(
      '',
      'Recent runs:',
      formatTable(
        ['run', 'trigger', 'started', 'finished'],
        status.runs.map((r) => [r.id, r.trigger, r.startedAt, r.finishedAt ?? 'did not finish']),
      ),
    );
  return parts.join('\n');
}
