import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { memorySharedLimits } from '../../shared-limits.ts';
import type { ServerDeps } from '../server-deps.ts';
import { groupChanges, type RecordChange, type RecordsChanged } from './records-changed.ts';
import { SIGNATURE_MAX_AGE_MS, signaturesEqual, timestampProblem } from './signature.ts';
import type { WorkQueue } from './work-queue.ts';

export type WebhookOutcome =
  | 'accepted'
  | 'duplicate'
  | 'not_configured'
  | 'missing_signature'
  | 'stale_timestamp'
  | 'bad_signature'
  | 'replayed'
  | 'invalid_body';

export interface HooksMetrics {
  webhooksReceived(labels: { source: string; outcome: string }): void;
  unsubscribes(): void;
}

/** What differs between CRMs: where the config is, how the request is signed, what the body holds. */
export interface WebhookSource<Event> {
  readonly name: 'hubspot' | 'salesforce';
  readonly signatureHeader: string;
  readonly timestampHeader: string;
  settings(deps: ServerDeps): { connector: string; secret: string } | undefined;
  expectedSignature(
    request: Request,
    body: Buffer,
    timestamp: string,
    secret: string,
    deps: ServerDeps,
  ): string;
  readonly payload: z.ZodType<unknown>;
  events(payload: unknown): readonly Event[];
  eventKey(event: Event): string;
  changes(event: Event): readonly RecordChange[];
  /** Object types to re-sync although their events named no record (overflow notices). */
  objectTypesWithoutIds?(events: readonly Event[]): readonly string[];
}

export interface WebhookRouteOptions {
  readonly queue: WorkQueue;
  readonly onRecordsChanged: (change: RecordsChanged) => Promise<unknown>;
  readonly metrics?: HooksMetrics;
}

/** Signatures seen in the last five minutes; far more than any CRM sends in that time. */
const REPLAY_CACHE_SIZE = 50_000;
/** HubSpot retries a delivery for up to three days; a redelivered event within a day is dropped. */
const EVENT_MEMORY_MS = 24 * 3_600_000;
const EVENT_CACHE_SIZE = 200_000;

function zodProblems(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? `body[${issue.path.join('][')}]` : 'body'}: ${issue.message}`)
    .join('; ');
}

/**
 * POST handler of one CRM's webhooks: signature and timestamp first (401 names what is wrong, the
 * CRM does not retry 4xx), then the body (400 naming the field), then 204 at once; the records are
 * re-synced and re-scored after the answer, through the queue.
 */
export function webhookHandler<Event>(
  deps: ServerDeps,
  source: WebhookSource<Event>,
  options: WebhookRouteOptions,
): RequestHandler {
  // Shared by every replica when the store is Postgres: a replay to any of them is refused.
  const limits = deps.limits ?? memorySharedLimits(deps.clock);
  const replays = limits.onceKeys(`webhook-signature:${source.name}`, REPLAY_CACHE_SIZE);
  const seenEvents = limits.onceKeys(`webhook-event:${source.name}`, EVENT_CACHE_SIZE);
  const log = deps.logger.child({ webhook: source.name });
  const answer = (response: Response, outcome: WebhookOutcome, status: number, error?: string) => {
    options.metrics?.webhooksReceived({ source: source.name, outcome });
    if (error === undefined) return void response.status(status).end();
    log.warn({ outcome, status, error }, 'webhook refused');
    response.status(status).json({ error });
  };

  return async (request, response) => {
    const settings = source.settings(deps);
    if (!settings)
      return answer(
        response,
        'not_configured',
        403,
        `server.webhooks.${source.name} is not configured on this server`,
      );
    if (!Buffer.isBuffer(request.body)) {
      log.error(
        'request body was parsed before the hooks router: mount hooksRouter before any JSON body parser',
      );
      return void response.status(500).json({ error: 'internal error' });
    }
    const signature = request.get(source.signatureHeader);
    const timestamp = request.get(source.timestampHeader);
    if (!signature)
      return answer(response, 'missing_signature', 401, `missing ${source.signatureHeader} header`);
    if (!timestamp)
      return answer(response, 'missing_signature', 401, `missing ${source.timestampHeader} header`);
    const nowMs = deps.clock.now().getTime();
    const problem = timestampProblem(timestamp, nowMs);
    if (problem !== null)
      return answer(
        response,
        'stale_timestamp',
        401,
        problem === 'malformed'
          ? `${source.timestampHeader} must be epoch milliseconds`
          : `${source.timestampHeader} is more than 5 minutes ${problem === 'stale' ? 'old' : 'in the future'}`,
      );
    const expected = source.expectedSignature(request, request.body, timestamp, settings.secret, deps);
    if (!signaturesEqual(signature, expected))
      return answer(response, 'bad_signature', 401, `${source.signatureHeader} does not match the request`);
    // Only signed requests enter the cache, so forged requests cannot flush genuine entries.
    const replayKey = `${signature}@${timestamp}`;
    const first = await replays.addFresh([replayKey], Number(timestamp) + SIGNATURE_MAX_AGE_MS, nowMs);
    if (first.length === 0)
      return answer(
        response,
        'replayed',
        401,
        'replayed request: this signature and timestamp were already accepted',
      );
    let json: unknown;
    try {
      json = JSON.parse(request.body.toString('utf8'));
    } catch (error) {
      return answer(response, 'invalid_body', 400, `body is not JSON: ${(error as Error).message}`);
    }
    const parsed = source.payload.safeParse(json);
    if (!parsed.success) return answer(response, 'invalid_body', 400, zodProblems(parsed.error));
    const events = source.events(parsed.data);
    const firstSeen = new Set(
      await seenEvents.addFresh(
        events.map((event) => source.eventKey(event)),
        nowMs + EVENT_MEMORY_MS,
        nowMs,
      ),
    );
    // An event repeated inside one delivery is applied once too.
    const fresh = events.filter((event) => firstSeen.delete(source.eventKey(event)));
    answer(response, fresh.length === 0 ? 'duplicate' : 'accepted', 204);
    if (fresh.length === 0) return;
    const groups = groupChanges(
      settings.connector,
      fresh.flatMap((event) => source.changes(event)),
      source.objectTypesWithoutIds?.(fresh) ?? [],
    );
    for (const change of groups) {
      log.info(
        {
          connector: change.connector,
          objectType: change.objectType,
          ids: change.ids.length,
          deleted: change.deleted.length,
        },
        'records changed',
      );
      options.queue.push(
        { webhook: source.name, connector: change.connector, objectType: change.objectType },
        () => options.onRecordsChanged(change),
      );
    }
  };
}
