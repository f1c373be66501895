import type { Request, RequestHandler, Response } from 'express';
import type { ApiKeyStore, VerifiedKey } from './api-keys.ts';

/** Name of the HttpOnly cookie the dashboard login sets. */
export const KEY_COOKIE = 'sb_key';

/** What `identifyKey` found: no key at all, a key that matched nothing, or a verified key. */
export type KeyState =
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'valid'; readonly key: VerifiedKey };

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The key a request presents: `Authorization: Bearer <key>` first, else the dashboard cookie. */
export function presentedKey(req: Request): string | null {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return match ? match[1]! : '';
  }
  return cookieValue(req.headers.cookie, KEY_COOKIE);
}

export function keyStateOf(res: Response): KeyState {
  return (res.locals.keyState as KeyState | undefined) ?? { kind: 'missing' };
}

/**
 * Looks the presented key up once per request and leaves the outcome in `res.locals.keyState`;
 * `requireScope` decides what a route accepts, so open routes (health, webhooks) pay nothing.
 */
export function identifyKey(keys: ApiKeyStore): RequestHandler {
  return (req, res, next) => {
    const presented = presentedKey(req);
    let state: KeyState;
    if (presented === null) state = { kind: 'missing' };
    else {
      const key = keys.verify(presented);
      state = key ? { kind: 'valid', key } : { kind: 'invalid' };
    }
    res.locals.keyState = state;
    next();
  };
}
