import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../core/clock.ts';
import type { CanonicalStore } from '../../../core/store/canonical-store.ts';
import type { SqlDatabase } from '../../../core/store/sql/sql-database.ts';
import type { EmailTransport, TemplateSet } from '../../../workflows/email/index.ts';
import { type OutboxSender, outcomeFromSendResult } from '../../../workflows/outbox/index.ts';
import {
  signUnsubscribeToken,
  suppress,
  suppressionOf,
  unsubscribeUrl,
} from '../../../workflows/suppression/index.ts';
import type { EmailConfig } from '../../config/email.ts';
import { usageSummary } from '../entity-facts.ts';
import { loadSnapshot } from '../entity-snapshot.ts';
import { consentProblem } from '../recipient.ts';
import { type CsmCard, emailRenderData } from '../render-data.ts';
import { emailPayloadSchema, parsePayload } from './payloads.ts';

export interface EmailSenderDeps {
  readonly db: SqlDatabase;
  readonly store: CanonicalStore;
  readonly clock: Clock;
  readonly email: EmailConfig;
  readonly transport: EmailTransport;
  readonly templates: (folder: string) => Promise<TemplateSet>;
  readonly csmOf: (entity: { type: 'contact' | 'account'; id: string }) => CsmCard | undefined;
}

/**
 * Signing key for unsubscribe links. Without a configured secret (dry runs only; config refuses
 * smtp without one) a key is drawn per process: the .eml files are for reading, not clicking.
 */
function signingKey(email: EmailConfig): string {
  return email.unsubscribe.secret?.reveal() ?? randomBytes(32).toString('hex');
}

/**
 * Sends one outbox email. Suppression and consent are checked again right before the send: a
 * person may have unsubscribed between the step that queued the email and now.
 */
export function emailSender(deps: EmailSenderDeps): OutboxSender {
  const key = signingKey(deps.email);
  return async (row) => {
    const payload = parsePayload(emailPayloadSchema, row.payload, row.id);
    if (typeof payload === 'string') return { status: 'permanent', error: payload };
    const suppressed = suppressionOf(deps.db, payload.to);
    if (suppressed)
      return {
        status: 'permanent',
        error: `not sent: ${payload.to} is suppressed (${suppressed.reason}, ${suppressed.source}, ${suppressed.suppressedAt})`,
      };
    const contact = await deps.store.findContactByEmail(payload.to);
    const problem = contact ? consentProblem(contact, deps.email.consent) : 'is no longer a known contact';
    if (problem !== undefined) return { status: 'permanent', error: `not sent: ${payload.to} ${problem}` };
    const now = deps.clock.now();
    // Numbers are counted up to the as-of of the scores the step acted on, not up to the send:
    // the email must say what the score's reasons say. Rows queued before the as-of was recorded
    // fall back to the send time.
    const asOf = payload.asOf ? new Date(payload.asOf) : now;
    const snapshot = await loadSnapshot(deps.store, payload.entity, asOf);
    if (snapshot === undefined)
      return {
        status: 'permanent',
        error: `not sent: ${payload.entity.type} ${payload.entity.id} no longer exists`,
      };
    const token = signUnsubscribeToken({ address: payload.to, list: payload.workflow }, key);
    const link = unsubscribeUrl(deps.email.unsubscribe.url, token);
    const data = emailRenderData({
      email: deps.email,
      account: snapshot.account,
      recipient: contact,
      usage: usageSummary(snapshot.events, asOf),
      asOf,
      csm: deps.csmOf(payload.entity),
      unsubscribeUrl: link,
    });
    let rendered: { subject: string; text: string; html: string };
    try {
      const set = await deps.templates(payload.templates);
      rendered = set.render(payload.template, data, `${payload.entity.type} ${payload.entity.id}`);
    } catch (error) {
      return {
        status: 'permanent',
        error: `template ${payload.templates}/${payload.template}: ${(error as Error).message}`,
      };
    }
    const result = await deps.transport.send({
      idempotencyKey: row.idempotencyKey,
      from: deps.email.from,
      to: payload.to,
      ...(deps.email.replyTo ? { replyTo: deps.email.replyTo } : {}),
      ...rendered,
      unsubscribe: {
        url: link,
        ...(deps.email.unsubscribe.mailto ? { mailto: deps.email.unsubscribe.mailto } : {}),
      },
    });
    if (result.status === 'failed' && result.kind === 'permanent')
      suppress(
        deps.db,
        {
          address: payload.to,
          reason: 'bounce',
          source: `smtp ${result.code ?? ''}`.trim(),
          detail: result.response,
        },
        now,
      );
    return outcomeFromSendResult(result);
  };
}
