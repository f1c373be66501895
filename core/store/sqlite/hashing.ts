import { createHash } from 'node:crypto';

/** Content fingerprint: equal payloads mean "nothing changed", which makes re-imports no-ops. */
export function fingerprint(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

/** Canonical ids derive from the first source key seen, so rebuilding a store yields the same ids. */
export function entityIdFor(prefix: 'c' | 'a', firstSourceKey: string): string {
  return `${prefix}_${createHash('sha256').update(firstSourceKey).digest('hex').slice(0, 20)}`;
}
