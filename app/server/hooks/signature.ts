import { createHmac, timingSafeEqual } from 'node:crypto';

/** HubSpot and our Salesforce relay both refuse requests signed more than five minutes ago. */
export const SIGNATURE_MAX_AGE_MS = 5 * 60_000;

/**
 * HubSpot v3 percent-decodes these characters of the request URI before signing (docs "Validating
 * requests"), so a receiver that signs the URI as received would reject genuine requests whose
 * query string carries them.
 */
const HUBSPOT_DECODED: Readonly<Record<string, string>> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function hubspotSignedUri(uri: string): string {
  return uri.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (code) => HUBSPOT_DECODED[code.toUpperCase()]!,
  );
}

/** base64 HMAC-SHA256 over method + URI + raw body + timestamp, keyed by the app client secret. */
export function hubspotV3Signature(request: {
  method: string;
  uri: string;
  body: Buffer | string;
  timestamp: string;
  clientSecret: string;
}): string {
  return createHmac('sha256', request.clientSecret)
    .update(request.method.toUpperCase())
    .update(hubspotSignedUri(request.uri))
    .update(request.body)
    .update(request.timestamp)
    .digest('base64');
}

/**
 * The Salesforce relay signature (header X-Scorebridge-Signature): base64 HMAC-SHA256 over
 * `<X-Scorebridge-Timestamp>.<raw body>` keyed by server.webhooks.salesforce.secret. Apex computes
 * it with EncodingUtil.base64Encode(Crypto.generateMac('hmacSHA256', Blob.valueOf(ts + '.' + body),
 * Blob.valueOf(secret))). The timestamp is inside the MAC so it cannot be refreshed by a replayer.
 */
export function salesforceSignature(request: {
  body: Buffer | string;
  timestamp: string;
  secret: string;
}): string {
  return createHmac('sha256', request.secret)
    .update(request.timestamp)
    .update('.')
    .update(request.body)
    .digest('base64');
}

/** Constant-time comparison of two base64 signatures; different lengths are simply unequal. */
export function signaturesEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export type TimestampProblem = 'malformed' | 'stale' | 'future';

/**
 * Epoch-millisecond timestamps older than the window are replays of captured requests; ones far in
 * the future would outlive the replay cache, so they are refused too (clock skew up to the window is fine).
 */
export function timestampProblem(timestamp: string, nowMs: number): TimestampProblem | null {
  if (!/^\d{1,16}$/.test(timestamp)) return 'malformed';
  const ms = Number(timestamp);
  if (nowMs - ms > SIGNATURE_MAX_AGE_MS) return 'stale';
  if (ms - nowMs > SIGNATURE_MAX_AGE_MS) return 'future';
  return null;
}
