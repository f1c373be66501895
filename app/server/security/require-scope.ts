import type { RequestHandler } from 'express';
import { HttpError } from '../http/http-error.ts';
import type { ApiScope } from '../server-deps.ts';
import { scopeAllows } from './api-keys.ts';
import { keyStateOf } from './identify-key.ts';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="scorebridge"' };

/**
 * Lets the request through only with a valid API key whose scope covers `scope` (admin covers
 * all): 401 when the key is missing or unknown, 403 naming the scope needed. Needs `identifyKey`
 * earlier in the chain (createServer installs it for every route).
 */
export function requireScope(scope: ApiScope): RequestHandler {
  return (_req, res, next) => {
    const state = keyStateOf(res);
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
