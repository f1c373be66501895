import express, { type ErrorRequestHandler, type Router } from 'express';
import type { ServerDeps } from '../server-deps.ts';
import type { RecordsChanged } from './records-changed.ts';
import { unsubscribeRouter } from './unsubscribe.ts';
import { type HooksMetrics, webhookHandler } from './webhook-route.ts';
import { hubspotWebhooks, salesforceWebhooks } from './webhook-sources.ts';
import { WorkQueue } from './work-queue.ts';

export type { RecordsChanged } from './records-changed.ts';
export { type ResyncOutcome, resyncAndRescore } from './resync.ts';
export { hubspotV3Signature, salesforceSignature } from './signature.ts';
export type { HooksMetrics, WebhookOutcome } from './webhook-route.ts';

export interface HooksOptions {
  /** Called after the 204, one change at a time, per object type of a delivery; errors are logged. */
  readonly onRecordsChanged: (change: RecordsChanged) => Promise<unknown>;
  readonly metrics?: HooksMetrics;
}

/** The router, plus a way to wait for the re-syncs it queued (graceful shutdown, tests). */
export type HooksRouter = Router & {
  /** Resolves when every follow-up queued so far has finished. */
  settled(): Promise<void>;
  /** Follow-ups queued or running. */
  pendingFollowUps(): number;
};

/**
 * CRM webhooks (POST /hooks/hubspot, POST /hooks/salesforce) and the RFC 8058 unsubscribe endpoint
 * (GET/POST /v1/unsubscribe). Mount it before any app-wide body parser: signatures are checked over
 * the raw bytes, which this router reads itself.
 */
export function hooksRouter(deps: ServerDeps, options: HooksOptions): HooksRouter {
  const router = express.Router();
  const queue = new WorkQueue(deps.logger);
  const raw = express.raw({ type: () => true, limit: deps.loaded.config.server.bodyLimit });
  const routeOptions = {
    queue,
    onRecordsChanged: options.onRecordsChanged,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  };
  router.post('/hooks/hubspot', raw, webhookHandler(deps, hubspotWebhooks, routeOptions));
  router.post('/hooks/salesforce', raw, webhookHandler(deps, salesforceWebhooks, routeOptions));
  router.use(unsubscribeRouter(deps, options.metrics));
  router.use(bodyErrors(deps));
  return Object.assign(router, {
    settled: () => queue.settled(),
    pendingFollowUps: () => queue.pending,
  });
}

/** Body parser failures (too large, bad encoding) answer with their status and a short reason, never a stack. */
function bodyErrors(deps: ServerDeps): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    const status = (error as { status?: unknown }).status;
    if (response.headersSent || typeof status !== 'number' || status < 400 || status >= 500)
      return next(error);
    deps.logger.warn({ path: request.path, status, error: (error as Error).message }, 'request body refused');
    response
      .status(status)
      .json({ error: status === 413 ? 'request body too large' : 'request body could not be read' });
  };
}
