import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ExpiringKeySet } from '../../../../app/server/hooks/bounded-cache.ts';
import {
  hubspotSignedUri,
  hubspotV3Signature,
  salesforceSignature,
  signaturesEqual,
  timestampProblem,
} from '../../../../app/server/hooks/signature.ts';

describe('webhook signatures', () => {
  it('signs HubSpot v3 as base64 HMAC-SHA256 of method + URI + body + timestamp', () => {
    const expected = createHmac('sha256', 'secret')
      .update('POSThttps://h.example/hooks/hubspot?a=b[{"eventId":1}]1700000000000')
      .digest('base64');
    expect(
      hubspotV3Signature({
        method: 'post',
        uri: 'https://h.example/hooks/hubspot?a=b',
        body: Buffer.from('[{"eventId":1}]'),
        timestamp: '1700000000000',
        clientSecret: 'secret',
      }),
    ).toBe(expected);
  });

  it('decodes the characters HubSpot decodes before signing, and only those', () => {
    expect(hubspotSignedUri('https://h.example/x?u=a%3Ab%2Fc%40d%2cE%20f%25')).toBe(
      'https://h.example/x?u=a:b/c@d,E%20f%25',
    );
  });

  it('signs the Salesforce relay over timestamp.body', () => {
    const expected = createHmac('sha256', 'k').update('123.{"events":[]}').digest('base64');
    expect(salesforceSignature({ body: '{"events":[]}', timestamp: '123', secret: 'k' })).toBe(expected);
  });

  it('compares signatures of any length without throwing', () => {
    expect(signaturesEqual('abc', 'abc')).toBe(true);
    expect(signaturesEqual('abc', 'abd')).toBe(false);
    expect(signaturesEqual('ab', 'abc')).toBe(false);
  });

  it('classifies timestamps: malformed, older than 5 minutes, more than 5 minutes ahead', () => {
    const now = 10_000_000;
    expect(timestampProblem('12x', now)).toBe('malformed');
    expect(timestampProblem(String(now - 300_001), now)).toBe('stale');
    expect(timestampProblem(String(now - 300_000), now)).toBeNull();
    expect(timestampProblem(String(now + 300_001), now)).toBe('future');
  });
});

describe('ExpiringKeySet (replay cache)', () => {
  it('refuses a repeat until the key expires, and stays within its size', () => {
    const keys = new ExpiringKeySet(3);
    expect(keys.add('a', 100, 0)).toBe(true);
    expect(keys.add('a', 100, 50)).toBe(false);
    expect(keys.add('a', 200, 100)).toBe(true);
    for (const key of ['b', 'c', 'd', 'e']) keys.add(key, 1000, 110);
    expect(keys.size).toBe(3);
    expect(keys.has('a', 120)).toBe(false);
    expect(keys.has('e', 120)).toBe(true);
  });
});
