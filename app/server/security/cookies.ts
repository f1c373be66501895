import type { Request } from 'express';

/** The dashboard's session cookie: a random session id, never the API key. */
export const SESSION_COOKIE = 'sb_session';
/** The sign-in form's CSRF token, before there is a session (double-submit: cookie and form field). */
export const LOGIN_CSRF_COOKIE = 'sb_login_csrf';

/** One cookie's value from the request's Cookie header; null when absent or badly encoded. */
export function cookieValue(req: Request, name: string): string | null {
  const header = req.headers.cookie;
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
