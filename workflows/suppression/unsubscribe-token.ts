import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * RFC 8058 one-click links must identify the recipient and the list without a login, and must not
 * be forgeable (anyone could otherwise unsubscribe anyone). The token is the address and list in
 * base64url plus an HMAC-SHA256 over both with a key from the environment.
 */
export interface UnsubscribeSubject {
  readonly address: string;
  /** The mailing list (workflow) the email belonged to. */
  readonly list: string;
}

function encode(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function mac(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function signUnsubscribeToken(subject: UnsubscribeSubject, key: string): string {
  const payload = `${encode(subject.address.trim().toLowerCase())}.${encode(subject.list)}`;
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** The subject of a valid token, or a reason it is not one (shown to the operator, never to the clicker). */
export function verifyUnsubscribeToken(token: string, key: string): UnsubscribeSubject | { error: string } {
  const parts = token.split('.');
  if (parts.length !== 3) return { error: 'malformed token: expected three dot-separated parts' };
  const [address, list, signature] = parts as [string, string, string];
  const expected = mac(key, `${address}.${list}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { error: 'signature does not match: the link was altered or signed with another key' };
  return {
    address: Buffer.from(address, 'base64url').toString('utf8'),
    list: Buffer.from(list, 'base64url').toString('utf8'),
  };
}

export function unsubscribeUrl(baseUrl: string, token: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('token', token);
  return url.toString();
}
