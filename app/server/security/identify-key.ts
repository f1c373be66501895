import type { Request, RequestHandler, Response } from 'express';
import type { ApiKeyStore, VerifiedKey } from './api-keys.ts';
import { cookieValue, SESSION_COOKIE } from './cookies.ts';
import type { ActiveSession, SessionStore } from './sessions.ts';

/** What `identifyKey` found: no key at all, a key that matched nothing, or a verified key. */
export type KeyState =
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'valid'; readonly key: VerifiedKey };

/** The key a request presents in `Authorization: Bearer <key>`; '' for another scheme, null for none. */
export function presentedKey(req: Request): string | null {
  const auth = req.headers.authorization;
  if (auth === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  return match ? match[1]! : '';
}

export function keyStateOf(res: Response): KeyState {
  return (res.locals.keyState as KeyState | undefined) ?? { kind: 'missing' };
}

/** The dashboard session the request came with, when it came through one. */
export function sessionOf(res: Response): ActiveSession | null {
  return (res.locals.session as ActiveSession | undefined) ?? null;
}

/**
 * Looks the caller up once per request: an API key in the Authorization header, else a dashboard
 * session cookie (which names a session, never a key). The outcome is left in `res.locals`;
 * `requireScope` decides what a route accepts, so open routes (health, webhooks) pay nothing.
 */
export function identifyKey(keys: ApiKeyStore, sessions: SessionStore): RequestHandler {
  return (req, res, next) => {
    const presented = presentedKey(req);
    let state: KeyState = { kind: 'missing' };
    if (presented !== null) {
      const key = keys.verify(presented);
      state = key ? { kind: 'valid', key } : { kind: 'invalid' };
    } else {
      const sessionId = cookieValue(req, SESSION_COOKIE);
      if (sessionId !== null) {
        const session = sessions.find(sessionId);
        if (session) {
          res.locals.session = session;
          state = { kind: 'valid', key: session.key };
        }
        // An ended session counts as no credentials: the browser is sent to sign in again.
      }
    }
    res.locals.keyState = state;
    next();
  };
}
