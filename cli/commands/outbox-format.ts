import { deterministicMessageId } from '../../workflows/email/index.ts';
import type { OutboxRow } from '../../workflows/outbox/index.ts';

export interface OutboxRowView {
  readonly id: number;
  readonly kind: string;
  readonly state: string;
  readonly workflow: string | null;
  readonly step: number | null;
  readonly to?: string;
  readonly messageId?: string;
  /** One line in words: what the row does, to whom, and in which workflow step. */
  readonly summary: string;
  readonly lastError: string | null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * An outbox row as an operator checks it against the mail log or the CRM: the recipient and the
 * Message-ID of an email (the same on a resend), the subject of a task. Webhook URLs are not shown:
 * they may carry tokens.
 */
export function describeOutboxRow(row: OutboxRow, sendingDomain: string | undefined): OutboxRowView {
  const payload = (row.payload ?? {}) as Record<string, unknown>;
  const workflow = text(payload.workflow) ?? null;
  const step = typeof payload.stepIndex === 'number' ? payload.stepIndex + 1 : null;
  const where = workflow === null ? '' : ` (${workflow}, step ${step ?? '?'})`;
  const base = { id: row.id, kind: row.kind, state: row.state, workflow, step, lastError: row.lastError };
  switch (row.kind) {
    case 'email': {
      const to = text(payload.to) ?? 'unknown recipient';
      const messageId = sendingDomain ? deterministicMessageId(row.idempotencyKey, sendingDomain) : undefined;
      const template = text(payload.template) ?? 'email';
      return {
        ...base,
        to,
        ...(messageId ? { messageId } : {}),
        summary: `email “${template}” to ${to}${where}${messageId ? `, Message-ID ${messageId}` : ''}`,
      };
    }
    case 'task':
      return {
        ...base,
        summary: `task “${text(payload.subject) ?? ''}” in ${text(payload.connector) ?? 'the CRM'}${where}`,
      };
    case 'crm_write':
      return { ...base, summary: `CRM field update in ${text(payload.connector) ?? 'the CRM'}${where}` };
    case 'webhook':
      return { ...base, summary: `${payload.notify ? 'Slack notification' : 'webhook call'}${where}` };
  }
}
