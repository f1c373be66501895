import type { Request, RequestHandler } from 'express';
import { HttpError } from '../http/http-error.ts';
import type { ApiScope } from '../server-deps.ts';
import { scopeAllows } from './api-keys.ts';
import { keyStateOf } from './identify-key.ts';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="scorebridge"' };

/** A person's browser opening a page (it asks for HTML first); API clients ask for JSON or anything. */
export function isBrowserNavigation(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && req.accepts(['json', 'html']) === 'html';
}

/** Where the sign-in page sends the browser back to: the page it asked for. */
export function loginUrlFor(req: Request): string {
  return `/login?next=${encodeURIComponent(req.originalUrl)}`;
}

/**
 * Lets the request through only with a valid API key whose scope covers `scope` (admin covers
 * all): 401 when the key is missing or unknown, 403 naming the scope needed. A browser without a
 * session is sent to the sign-in page instead of being shown a JSON error. Needs `identifyKey`
 * earlier in the chain (createServer installs it for every route).
 */
export function requireScope(scope: ApiScope): RequestHandler {
  return (req, res, next) => {
    const state = keyStateOf(res);
    if (state.kind !== 'valid' && isBrowserNavigation(req)) {
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, loginUrlFor(req));
      return;
    }
    if (state.kind === 'missing') {
      next(
        new HttpError(401, 'unauthorized', 'an API key is required: send Authorization: Bearer <key>', {
          headers: CHALLENGE,
        }),
      );
      return;
    }
    if (state.kind === 'invalid') {
      next(
        new HttpError(401, 'unauthorized', 'the API key is not valid (unknown or revoked)', {
          headers: CHALLENGE,
        }),
      );
      return;
    }
    if (!scopeAllows(state.key.scope, scope)) {
      next(
        new HttpError(
          403,
          'forbidden',
          `this route needs an API key with scope "${scope}" (or admin); the key has "${state.key.scope}"`,
        ),
      );
      return;
    }
    next();
  };
}
