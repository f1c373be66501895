import type { Secret } from '../../../core/secret.ts';
import type { DeliveryOutcome, OutboxSender } from '../../../workflows/outbox/index.ts';
import { parsePayload, webhookPayloadSchema } from './payloads.ts';

export interface WebhookSenderDeps {
  /** The Slack webhook of a notify step, read from the loaded workflow (the outbox never holds it). */
  readonly notifyUrl: (workflow: string, stepIndex: number) => Secret | undefined;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/** Errors raised before a single byte reached the receiver: safe to try again. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

async function classify(response: Response): Promise<DeliveryOutcome> {
  const text = (await response.text()).slice(0, 300);
  if (response.ok) return { status: 'sent' };
  const error = `HTTP ${response.status}${text ? `: ${text}` : ''}`;
  if (response.status === 408 || response.status === 429 || response.status >= 500) {
    const wait = retryAfterMs(response.headers.get('retry-after'));
    return { status: 'retry', error, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  }
  return { status: 'permanent', error };
}

/**
 * Calls a workflow webhook or posts a Slack notification. Every call carries the row's idempotency
 * key so a receiver can drop a replay; a call that broke after it was sent is `unknown`, not retried.
 */
export function webhookSender(deps: WebhookSenderDeps): OutboxSender {
  const doFetch = deps.fetch ?? fetch;
  return async (row) => {
    const payload = parsePayload(webhookPayloadSchema, row.payload, row.id);
    if (typeof payload === 'string') return { status: 'permanent', error: payload };
    let url: string;
    let body: unknown;
    if (payload.notify) {
      const secret = deps.notifyUrl(payload.notify.workflow, payload.notify.stepIndex);
      if (!secret)
        return {
          status: 'permanent',
          error: `workflow ${payload.notify.workflow} has no notify step ${payload.notify.stepIndex}`,
        };
      url = secret.reveal();
      body = { text: payload.text ?? '' };
    } else if (payload.url) {
      url = payload.url;
      body = {
        event: 'scorebridge.workflow.step',
        workflow: payload.workflow,
        stepIndex: payload.stepIndex,
        enrollmentId: payload.enrollmentId,
        entity: payload.entity,
        idempotencyKey: row.idempotencyKey,
        data: payload.body ?? {},
      };
    } else return { status: 'permanent', error: `outbox row ${row.id} has neither url nor notify` };
    try {
      const response = await doFetch(url, {
        method: payload.notify ? 'POST' : (payload.method ?? 'POST'),
        headers: {
          'content-type': 'application/json',
          'idempotency-key': row.idempotencyKey,
          'user-agent': 'scorebridge',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      });
      return await classify(response);
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      // The host never answered the connection: nothing was delivered, so retrying is safe.
      if (code !== undefined && NOT_CONNECTED.has(code))
        return { status: 'retry', error: `${code} calling webhook` };
      return {
        status: 'unknown',
        error: `webhook call broke after it may have been received: ${(error as Error).message}`,
      };
    }
  };
}
