import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../core/secret.ts';
import {
  classifySendError,
  deterministicMessageId,
  smtpTransportConfigSchema,
} from '../../../../workflows/email/index.ts';

describe('deterministicMessageId', () => {
  it('is stable per key and differs between keys', () => {
    const first = deterministicMessageId('enrollment-1:day0', 'Mail.Example.com');
    expect(first).toBe(deterministicMessageId('enrollment-1:day0', 'mail.example.com'));
    expect(first).not.toBe(deterministicMessageId('enrollment-1:day3', 'mail.example.com'));
    expect(first).toMatch(/^<[0-9a-f]{32}@mail\.example\.com>$/);
  });

  it('rejects an empty key and a domain that would break the header', () => {
    expect(() => deterministicMessageId(' ', 'mail.example.com')).toThrow(/must not be empty/);
    expect(() => deterministicMessageId('k', 'mail.example.com>\r\nBcc: x')).toThrow(/not a plain host name/);
  });
});

describe('smtpTransportConfigSchema', () => {
  it('applies pooled and TLS defaults', () => {
    const parsed = smtpTransportConfigSchema.parse({
      host: 'smtp.example.com',
      port: 587,
      sendingDomain: 'example.com',
    });
    expect(parsed.pool).toEqual({ maxConnections: 5, maxMessages: 100, rateDelta: 1000 });
    expect(parsed.tls).toEqual({ rejectUnauthorized: true, minVersion: 'TLSv1.2' });
  });

  it('accepts a password only as a Secret', () => {
    const base = { host: 'smtp.example.com', port: 587, sendingDomain: 'example.com', requireTLS: true };
    expect(
      smtpTransportConfigSchema.safeParse({ ...base, auth: { user: 'u', pass: 'plain-text' } }).success,
    ).toBe(false);
    const parsed = smtpTransportConfigSchema.parse({
      ...base,
      auth: { user: 'u', pass: new Secret('s3cr3t-value', 'SMTP_PASS') },
    });
    expect(JSON.stringify(parsed)).not.toContain('s3cr3t-value');
  });
});

describe('classifySendError', () => {
  it('does not treat a 5xx to MAIL FROM as a bounce of the recipient', () => {
    const result = classifySendError({
      responseCode: 553,
      command: 'MAIL FROM',
      response: '553 sender rejected',
    });
    expect(result).toMatchObject({ permanent: false, kind: 'temporary', code: 553 });
  });

  it('treats an unresolvable host as temporary', () => {
    expect(classifySendError(new Error('getaddrinfo ENOTFOUND smtp.nowhere'))).toMatchObject({
      kind: 'temporary',
    });
  });
});
