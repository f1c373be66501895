import express, { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { RateBuckets } from '../../../core/limits/shared-limits.ts';
import type { ApiKeyStore } from '../security/api-keys.ts';
import { scopeAllows } from '../security/api-keys.ts';
import { cookieValue, LOGIN_CSRF_COOKIE, SESSION_COOKIE } from '../security/cookies.ts';
import { isCrossOrigin, sameToken } from '../security/csrf.ts';
import { sessionOf } from '../security/identify-key.ts';
import { bucketOf } from '../security/rate-limit.ts';
import { isBrowserNavigation } from '../security/require-scope.ts';
import { randomToken, type SessionStore } from '../security/sessions.ts';
import { FAVICON_PATH, FAVICON_SVG, LOGIN_CSS, LOGIN_STYLESHEET_PATH, loginPageHtml } from './login-page.ts';

export const DASHBOARD_HOME = '/dashboard/';

const PAGE_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const loginForm = z.object({
  key: z.string().max(300).default(''),
  csrf: z.string().max(200).default(''),
  next: z.string().max(2000).optional(),
});
const logoutForm = z.object({ csrf: z.string().max(200).default('') });

/** Only a path on this server: never another site (`//evil.example`, `/\evil.example`) after sign-in. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return DASHBOARD_HOME;
  // Control characters could split a header or smuggle a different path through the redirect.
  if ([...next].some((ch) => ch.charCodeAt(0) < 0x20)) return DASHBOARD_HOME;
  return next;
}

export interface LoginDeps {
  readonly keys: ApiKeyStore;
  readonly sessions: SessionStore;
  /** Sign-in attempts per client address. */
  readonly attempts: RateBuckets;
  /** The API's server.rateLimit buckets: a key checked here counts exactly as one sent to the API. */
  readonly keyBuckets: RateBuckets;
  readonly secureCookies: boolean;
}

/**
 * The dashboard's sign-in: GET /login shows a form, POST /login checks the key (read scope) and opens
 * a server-side session whose random id goes into an HttpOnly, SameSite=Strict cookie; the key itself
 * never reaches a URL or a cookie. POST /logout ends the session. Both forms carry a CSRF token.
 */
export function loginRoutes(deps: LoginDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '4kb' });
  const secure = (req: Request) => deps.secureCookies || req.secure;

  const showForm = (
    req: Request,
    res: Response,
    status: number,
    message: { error?: string; notice?: string },
    next: string,
  ) => {
    const csrfToken = randomToken();
    res.cookie(LOGIN_CSRF_COOKIE, csrfToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secure(req),
      path: '/login',
      maxAge: 60 * 60 * 1000,
    });
    res
      .status(status)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': PAGE_POLICY,
      })
      .send(loginPageHtml({ csrfToken, next, ...message }));
  };

  // A person opening the server's address lands on the dashboard (or its sign-in page).
  router.get('/', (req, res, next) => {
    if (isBrowserNavigation(req)) res.redirect(303, DASHBOARD_HOME);
    else next();
  });

  router.get(LOGIN_STYLESHEET_PATH, (_req, res) => {
    res.set({ 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
    res.send(LOGIN_CSS);
  });

  router.get(FAVICON_PATH, (_req, res) => {
    res.set({ 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' });
    res.send(FAVICON_SVG);
  });

  router.get('/login', (req, res) => {
    const next = safeNext(req.query.next);
    if (req.query.key !== undefined) {
      // Keys in URLs end up in browser history, proxy logs and Referer headers: refuse, and never use it.
      showForm(
        req,
        res,
        400,
        {
          error:
            'API keys are no longer accepted in the address. Paste the key below instead, and consider revoking the one that was in the link (scorebridge keys revoke).',
        },
        next,
      );
      return;
    }
    if (sessionOf(res)) {
      res.redirect(303, next);
      return;
    }
    showForm(req, res, 200, req.query.signed_out === '1' ? { notice: 'You are signed out.' } : {}, next);
  });

  router.post('/login', form, async (req, res) => {
    const body = loginForm.safeParse(req.body ?? {});
    const next = safeNext(body.success ? body.data.next : undefined);
    if (
      !body.success ||
      isCrossOrigin(req) ||
      !sameToken(body.data.csrf, cookieValue(req, LOGIN_CSRF_COOKIE))
    ) {
      showForm(req, res, 403, { error: 'The sign-in form had expired. Please enter your key again.' }, next);
      return;
    }
    const wait = await deps.attempts.take(`login:${req.ip ?? 'unknown'}`);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      showForm(req, res, 429, { error: `Too many sign-in attempts. Try again in ${wait} seconds.` }, next);
      return;
    }
    const presented = body.data.key.trim();
    if (presented === '') {
      showForm(req, res, 401, { error: 'Enter your API key to sign in.' }, next);
      return;
    }
    const verified = deps.keys.verify(presented);
    const keyWait = await deps.keyBuckets.take(bucketOf(verified, req.ip));
    if (keyWait > 0) {
      res.setHeader('Retry-After', String(keyWait));
      const error = verified
        ? `This key has used its allowance of ${deps.keyBuckets.perMinute} requests a minute (server.rateLimit.perMinute). Try again in ${keyWait} seconds.`
        : `Too many wrong keys from this address. Try again in ${keyWait} seconds.`;
      showForm(req, res, 429, { error }, next);
      return;
    }
    if (!verified) {
      showForm(req, res, 401, { error: 'That key is not valid: it is unknown or was revoked.' }, next);
      return;
    }
    if (!scopeAllows(verified.scope, 'read')) {
      showForm(
        req,
        res,
        403,
        {
          error: `The dashboard needs a key with read access (scope "read" or "admin"); this key has "${verified.scope}".`,
        },
        next,
      );
      return;
    }
    const opened = deps.sessions.open(verified);
    res.clearCookie(LOGIN_CSRF_COOKIE, { path: '/login' });
    res.cookie(SESSION_COOKIE, opened.sessionId, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secure(req),
      path: '/',
      maxAge: deps.sessions.maxAgeSeconds * 1000,
    });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, next);
  });

  router.post('/logout', form, (req, res) => {
    const session = sessionOf(res);
    const body = logoutForm.safeParse(req.body ?? {});
    if (session && (isCrossOrigin(req) || !body.success || !sameToken(body.data.csrf, session.csrfToken))) {
      // Another site may not sign the user out; the dashboard's own form always carries the token.
      res.status(403).type('text/plain').send('Sign-out refused: the form did not come from this dashboard.');
      return;
    }
    const sessionId = cookieValue(req, SESSION_COOKIE);
    if (sessionId) deps.sessions.close(sessionId);
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: secure(req) });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, '/login?signed_out=1');
  });
  return router;
}
