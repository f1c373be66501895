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
 * A form post from another site: its Origin (sent by every current browser on POST) names another
 * host than the one the request was made to. Requests without Origin are judged by the token alone.
 */
export function isCrossOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  if (origin === 'null') return true;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}
