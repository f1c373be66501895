import { formatTable } from '../../app/table.ts';
import type { WorkflowPreview } from '../../app/workflows/run-preview.ts';

/** A workflow dry run in words: who would enroll (by tier), what each step would do, what would be queued. */
export function formatWorkflowPreview(preview: WorkflowPreview): string {
  const lines = [
    `Dry run: nothing was written (no enrollment, no outbox row, no email, no CRM call). ${preview.candidates} entities would be checked for entry; ${preview.enrolled} would enroll, ${preview.notEnrolled} would not (see \`scorebridge plan\` for why).`,
  ];
  for (const workflow of preview.workflows) {
    const tiers = Object.entries(workflow.enrolledByTier)
      .map(([tier, n]) => `${n} ${tier}`)
      .join(', ');
    const exits = Object.entries(workflow.exited)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ');
    lines.push(
      `\nWorkflow ${workflow.workflow}: ${workflow.enrolled} would enroll${tiers ? ` (${tiers})` : ''}${exits ? `; exits: ${exits}` : ''}`,
    );
    if (workflow.steps.length > 0)
      lines.push(
        formatTable(
          ['step', 'action', 'what', 'would run', 'skipped', 'waiting', 'side effects queued'],
          workflow.steps.map((s) => [
            s.stepIndex,
            s.action,
            s.detail || '-',
            s.sent,
            s.skipped,
            s.deferred,
            s.intents,
          ]),
        ),
      );
  }
  const queued = preview.outbox.map((row) => `${row.count} ${row.kind.replace('_', ' ')}`).join(', ');
  lines.push(`\nWould queue: ${queued || 'nothing'}`);
  const due = preview.alreadyDue.map((row) => `${row.count} ${row.kind.replace('_', ' ')}`).join(', ');
  if (due) lines.push(`Already queued by earlier runs and due now, delivered by the real run too: ${due}`);
  return lines.join('\n');
}
