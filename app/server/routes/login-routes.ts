import { Router } from 'express';
import { HttpError } from '../http/http-error.ts';
import type { ApiKeyStore } from '../security/api-keys.ts';
import { scopeAllows } from '../security/api-keys.ts';
import { KEY_COOKIE } from '../security/identify-key.ts';

/**
 * GET /login?key=... checks the key like any request (it must have the read scope) and moves it into
 * an HttpOnly cookie, so the dashboard's own requests carry it without page scripts ever seeing it.
 */
export function loginRoutes(deps: { keys: ApiKeyStore; secureCookies: boolean }): Router {
  const router = Router();
  router.get('/login', (req, res) => {
    const key = typeof req.query.key === 'string' ? req.query.key : '';
    if (key === '') throw new HttpError(401, 'unauthorized', 'open /login?key=<API key with read scope>');
    const verified = deps.keys.verify(key);
    if (!verified) throw new HttpError(401, 'unauthorized', 'the API key is not valid (unknown or revoked)');
    if (!scopeAllows(verified.scope, 'read'))
      throw new HttpError(
        403,
        'forbidden',
        `the dashboard needs an API key with scope "read" (or admin); the key has "${verified.scope}"`,
      );
    res.cookie(KEY_COOKIE, key, {
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.secureCookies || req.secure,
      path: '/',
    });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, '/dashboard');
  });
  return router;
}
