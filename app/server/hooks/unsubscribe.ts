import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import {
  suppress,
  type UnsubscribeSubject,
  verifyUnsubscribeToken,
} from '../../../workflows/suppression/index.ts';
import type { ServerDeps } from '../server-deps.ts';
import { ONE_CLICK_MAX_BYTES, readOneClickBody, unreadableBody } from './one-click-form.ts';
import {
  confirmPage,
  donePage,
  formProblemPage,
  invalidLinkPage,
  oneClickRequiredPage,
} from './unsubscribe-pages.ts';
import type { HooksMetrics } from './webhook-route.ts';

const tokenSchema = z.string().min(1).max(4096);

function sendPage(response: Response, status: number, html: string): void {
  response
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      // The token is in the URL: never pass it on to another site.
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
      'X-Content-Type-Options': 'nosniff',
    })
    .send(html);
}

/**
 * GET /v1/unsubscribe asks for confirmation; POST with `List-Unsubscribe=One-Click` (RFC 8058,
 * sent by mail clients as multipart/form-data or urlencoded, and by the confirmation form)
 * suppresses the address. The signed token is the only credential: no cookies, no login.
 * Repeating the POST is harmless and answers the same.
 */
export function unsubscribeRouter(deps: ServerDeps, metrics?: HooksMetrics): Router {
  const router = express.Router();
  const log = deps.logger.child({ route: 'unsubscribe' });

  const subjectOf = (request: Request): { subject: UnsubscribeSubject; token: string } | undefined => {
    const token = tokenSchema.safeParse(request.query.token);
    if (!token.success) {
      log.warn('unsubscribe request without a usable ?token= parameter');
      return undefined;
    }
    const key = deps.loaded.config.email?.unsubscribe.secret?.reveal();
    if (key === undefined) {
      log.error(
        'email.unsubscribe.secret is not set, so no unsubscribe link can be verified; set it to the key the emails were signed with',
      );
      return undefined;
    }
    const verified = verifyUnsubscribeToken(token.data, key);
    if ('error' in verified) {
      log.warn({ reason: verified.error }, 'invalid unsubscribe token');
      return undefined;
    }
    return { subject: verified, token: token.data };
  };

  router.get('/v1/unsubscribe', (request, response) => {
    const found = subjectOf(request);
    if (!found) return sendPage(response, 400, invalidLinkPage());
    sendPage(response, 200, confirmPage(found.subject.address, found.token));
  });

  const readBody = express.raw({ type: () => true, limit: ONE_CLICK_MAX_BYTES });

  const answerPost = async (request: Request, response: Response, readError: unknown) => {
    const found = subjectOf(request);
    if (!found) return sendPage(response, 400, invalidLinkPage());
    const body =
      readError === undefined
        ? await readOneClickBody(
            request.headers['content-type'],
            Buffer.isBuffer(request.body) ? request.body : undefined,
          )
        : unreadableBody(readError);
    if (body === undefined) throw readError;
    if (body.kind === 'refused') {
      log.warn({ status: body.status, problem: body.problem }, 'unsubscribe request refused');
      return sendPage(response, body.status, formProblemPage(body.problem, found.token));
    }
    if (body.kind === 'not-one-click') return sendPage(response, 400, oneClickRequiredPage(found.token));
    const { address, list } = found.subject;
    const added = suppress(
      deps.store.database,
      { address, reason: 'unsubscribe', source: 'list-unsubscribe', detail: `list ${list}` },
      deps.clock.now(),
    );
    if (added) {
      metrics?.unsubscribes();
      log.info({ list }, 'address unsubscribed');
    }
    sendPage(response, 200, donePage(address));
  };

  router.post('/v1/unsubscribe', (request, response, next) => {
    // The reader's own errors (too large, unknown encoding) get a page saying so, not the JSON 413.
    readBody(request, response, (readError?: unknown) => {
      answerPost(request, response, readError).catch(next);
    });
  });
  return router;
}
