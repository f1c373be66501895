import { createHash } from 'node:crypto';

const HASH_PREFIX_LENGTH = 32;

/**
 * The same idempotency key always yields the same Message-ID, so a resend after a crash is
 * recognisable as a duplicate by receivers and by our own outbox.
 */
export function deterministicMessageId(idempotencyKey: string, sendingDomain: string): string {
  if (idempotencyKey.trim() === '') throw new Error('idempotencyKey must not be empty');
  if (!/^[A-Za-z0-9.-]+$/.test(sendingDomain)) {
    throw new Error(`sending domain "${sendingDomain}" is not a plain host name (e.g. mail.example.com)`);
  }
  const digest = createHash('sha256').update(idempotencyKey).digest('hex');
  return `<${digest.slice(0, HASH_PREFIX_LENGTH)}@${sendingDomain.toLowerCase()}>`;
}
