import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** Constant-time comparison of two tokens; false when either is missing. */
export function sameToken(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A form post from another site. Browsers say where a request came from in Sec-Fetch-Site (every
 * current one does); without it, an Origin naming another host counts. `Origin: null` is not
 * proof either way: Chromium sends it for same-site posts under `Referrer-Policy: no-referrer`, which
 * this server sets, so such requests are judged by the CSRF token alone.
 */
export function isCrossOrigin(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}
