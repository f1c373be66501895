import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordsChanged } from '../../../app/server/hooks/index.ts';
import { FixedClock } from '../../../core/clock.ts';
import { createLogger } from '../../../core/logger.ts';
import {
  type HooksServer,
  hubspotEvent,
  postHubspot,
  signHubspot,
  signSalesforce,
  startHooksServer,
} from './hooks-harness.ts';

const PUBLIC_URL = 'https://crm-hooks.example.com';
const SIGNED_URI = `${PUBLIC_URL}/hooks/hubspot`;

const CONFIG = `version: 1
store: { path: store.db }
server:
  publicUrl: ${PUBLIC_URL}
  webhooks:
    hubspot: { clientSecret: "\${HUBSPOT_CLIENT_SECRET}", connector: hubspot }
    salesforce: { secret: "\${SALESFORCE_WEBHOOK_SECRET}", connector: salesforce }
`;

describe('CRM webhooks over real HTTP: signatures, timestamps, replays, grouping', () => {
  const clock = new FixedClock('2026-11-01T12:00:00.000Z');
  const changes: RecordsChanged[] = [];
  const metrics: string[] = [];
  let server: HooksServer;

  beforeAll(async () => {
    server = await startHooksServer({
      config: CONFIG,
      clock,
      hooks: {
        onRecordsChanged: async (change) => {
          changes.push(change);
        },
        metrics: {
          webhooksReceived: ({ source, outcome }) => metrics.push(`${source}:${outcome}`),
          unsubscribes: () => metrics.push('unsubscribe'),
        },
      },
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    changes.length = 0;
    metrics.length = 0;
  });

  const now = () => clock.now().getTime();
  let nextEventId = 1000;
  const delivery = (events: Record<string, unknown>[]) =>
    JSON.stringify(events.map((event) => hubspotEvent({ eventId: nextEventId++, ...event })));

  it('accepts a correctly signed delivery with 204 and hands over the changes grouped by object type', async () => {
    const body = delivery([
      { subscriptionType: 'contact.propertyChange', objectId: 11 },
      { subscriptionType: 'contact.creation', objectId: 12 },
      { subscriptionType: 'contact.propertyChange', objectId: 11, propertyName: 'lastname' },
      { subscriptionType: 'company.creation', objectId: 900 },
      { subscriptionType: 'contact.deletion', objectId: 13 },
      { subscriptionType: 'contact.merge', objectId: 14, primaryObjectId: 14, mergedObjectIds: [15, 16] },
      { subscriptionType: 'ticket.creation', objectId: 5 },
    ]);
    const timestamp = now();
    const response = await postHubspot(server.url, body, {
      signature: signHubspot(SIGNED_URI, body, timestamp),
      timestamp,
    });
    expect(response.status).toBe(204);
    await server.router.settled();
    expect(changes).toEqual([
      { connector: 'hubspot', objectType: 'contacts', ids: ['11', '12', '14'], deleted: ['13', '15', '16'] },
      { connector: 'hubspot', objectType: 'companies', ids: ['900'], deleted: [] },
    ]);
    expect(metrics).toEqual(['hubspot:accepted']);
  });

  it('rejects a delivery signed with another secret, an altered body, and missing headers with 401', async () => {
    const body = delivery([{}]);
    const timestamp = now();
    const wrongSecret = await postHubspot(server.url, body, {
      signature: signHubspot(SIGNED_URI, body, timestamp, 'not-the-client-secret'),
      timestamp,
    });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toEqual({ error: 'X-HubSpot-Signature-v3 does not match the request' });

    const altered = body.replace('"objectId":123', '"objectId":124');
    expect(altered).not.toBe(body);
    const tampered = await postHubspot(server.url, altered, {
      signature: signHubspot(SIGNED_URI, body, timestamp),
      timestamp,
    });
    expect(tampered.status).toBe(401);

    // Signed for the address the server sees rather than the public one HubSpot calls.
    const wrongUri = await postHubspot(server.url, body, {
      signature: signHubspot(`${server.url}/hooks/hubspot`, body, timestamp),
      timestamp,
    });
    expect(wrongUri.status).toBe(401);

    const noSignature = await postHubspot(server.url, body, { timestamp });
    expect(noSignature.status).toBe(401);
    expect(await noSignature.json()).toEqual({ error: 'missing X-HubSpot-Signature-v3 header' });
    const noTimestamp = await postHubspot(server.url, body, {
      signature: signHubspot(SIGNED_URI, body, timestamp),
    });
    expect(noTimestamp.status).toBe(401);
    expect(await noTimestamp.json()).toEqual({ error: 'missing X-HubSpot-Request-Timestamp header' });

    await server.router.settled();
    expect(changes).toEqual([]);
    expect(metrics).toEqual([
      'hubspot:bad_signature',
      'hubspot:bad_signature',
      'hubspot:bad_signature',
      'hubspot:missing_signature',
      'hubspot:missing_signature',
    ]);
  });

  it('rejects a correctly signed request whose timestamp is more than five minutes old', async () => {
    const body = delivery([{}]);
    const timestamp = now() - 5 * 60_000 - 1;
    const response = await postHubspot(server.url, body, {
      signature: signHubspot(SIGNED_URI, body, timestamp),
      timestamp,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'X-HubSpot-Request-Timestamp is more than 5 minutes old',
    });
    const fresh = now() - 4 * 60_000;
    const recent = await postHubspot(server.url, body, {
      signature: signHubspot(SIGNED_URI, body, fresh),
      timestamp: fresh,
    });
    expect(recent.status).toBe(204);
  });

  it('rejects a replay of an accepted request, and drops a redelivered eventId without a second re-sync', async () => {
    const body = delivery([{ objectId: 77 }]);
    const timestamp = now();
    const signature = signHubspot(SIGNED_URI, body, timestamp);
    expect((await postHubspot(server.url, body, { signature, timestamp })).status).toBe(204);
    const replay = await postHubspot(server.url, body, { signature, timestamp });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({
      error: 'replayed request: this signature and timestamp were already accepted',
    });
    // HubSpot's own retry: same events, new timestamp and signature.
    const retried = now() + 1;
    const redelivery = await postHubspot(server.url, body, {
      signature: signHubspot(SIGNED_URI, body, retried),
      timestamp: retried,
    });
    expect(redelivery.status).toBe(204);
    await server.router.settled();
    expect(changes).toEqual([{ connector: 'hubspot', objectType: 'contacts', ids: ['77'], deleted: [] }]);
    expect(metrics).toEqual(['hubspot:accepted', 'hubspot:replayed', 'hubspot:duplicate']);
  });

  it('answers 400 naming the bad field of a signed but malformed delivery', async () => {
    const body = JSON.stringify([hubspotEvent({ eventId: 5000, occurredAt: 'yesterday' })]);
    const timestamp = now();
    const response = await postHubspot(server.url, body, {
      signature: signHubspot(SIGNED_URI, body, timestamp),
      timestamp,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^body\[0\]\[occurredAt\]: /);
  });

  it('verifies Salesforce change notifications with X-Scorebridge-Signature over timestamp.body', async () => {
    const body = JSON.stringify({
      events: [
        {
          ChangeEventHeader: {
            entityName: 'Contact',
            changeType: 'UPDATE',
            recordIds: ['003000000000001AAA', '003000000000002AAA'],
            commitTimestamp: now() - 1000,
            transactionKey: 'tx-1',
            sequenceNumber: 1,
            changedFields: ['Title'],
          },
          Title: 'CFO',
        },
        {
          ChangeEventHeader: {
            entityName: 'Account',
            changeType: 'DELETE',
            recordIds: ['001000000000009AAA'],
            commitTimestamp: now() - 500,
            transactionKey: 'tx-2',
            sequenceNumber: 1,
          },
        },
      ],
    });
    const post = (signature: string | undefined, timestamp: number, payload = body) =>
      fetch(`${server.url}/hooks/salesforce`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-scorebridge-timestamp': String(timestamp),
          ...(signature === undefined ? {} : { 'x-scorebridge-signature': signature }),
        },
        body: payload,
      });
    const timestamp = now();
    expect((await post(signSalesforce(body, timestamp, 'wrong-secret-value'), timestamp)).status).toBe(401);
    expect((await post(undefined, timestamp)).status).toBe(401);
    const stale = now() - 10 * 60_000;
    expect((await post(signSalesforce(body, stale), stale)).status).toBe(401);
    expect((await post(signSalesforce(body, timestamp), timestamp, body.replace('CFO', 'CEO'))).status).toBe(
      401,
    );
    expect((await post(signSalesforce(body, timestamp), timestamp)).status).toBe(204);
    expect((await post(signSalesforce(body, timestamp), timestamp)).status).toBe(401);
    await server.router.settled();
    expect(changes).toEqual([
      {
        connector: 'salesforce',
        objectType: 'Contact',
        ids: ['003000000000001AAA', '003000000000002AAA'],
        deleted: [],
      },
      { connector: 'salesforce', objectType: 'Account', ids: [], deleted: ['001000000000009AAA'] },
    ]);
    expect(metrics).toEqual([
      'salesforce:bad_signature',
      'salesforce:missing_signature',
      'salesforce:stale_timestamp',
      'salesforce:bad_signature',
      'salesforce:accepted',
      'salesforce:replayed',
    ]);
  });

  it('keeps working when the follow-up fails: the error is logged, never sent to the CRM', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      destination: new Writable({
        write(chunk, _encoding, callback) {
          lines.push(String(chunk));
          callback();
        },
      }),
    });
    const failing = await startHooksServer({
      config: CONFIG,
      clock,
      logger,
      hooks: {
        onRecordsChanged: async () => {
          throw new Error('emulated sync failure with secret detail');
        },
      },
    });
    try {
      const body = delivery([{ objectId: 1 }]);
      const timestamp = now();
      const response = await postHubspot(failing.url, body, {
        signature: signHubspot(SIGNED_URI, body, timestamp),
        timestamp,
      });
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      await failing.router.settled();
      expect(failing.router.pendingFollowUps()).toBe(0);
      const failure = lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((entry) => entry.msg === 'webhook follow-up failed');
      expect(failure).toMatchObject({
        connector: 'hubspot',
        objectType: 'contacts',
        error: 'emulated sync failure with secret detail',
      });
    } finally {
      await failing.close();
    }
  });
});

describe('CRM webhooks without webhook settings', () => {
  it('answers 403 when server.webhooks.hubspot is not configured', async () => {
    const clock = new FixedClock('2026-11-01T12:00:00.000Z');
    const server = await startHooksServer({
      config: 'version: 1\nstore: { path: store.db }\n',
      clock,
      hooks: { onRecordsChanged: async () => undefined },
    });
    try {
      const body = JSON.stringify([hubspotEvent()]);
      const timestamp = clock.now().getTime();
      const response = await postHubspot(server.url, body, {
        signature: signHubspot(SIGNED_URI, body, timestamp),
        timestamp,
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        error: 'server.webhooks.hubspot is not configured on this server',
      });
    } finally {
      await server.close();
    }
  });
});
