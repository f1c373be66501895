import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSender } from '../../../../app/workflows/senders/webhook-sender.ts';
import { Secret } from '../../../../core/secret.ts';
import type { OutboxRow } from '../../../../workflows/outbox/index.ts';

interface Seen {
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

describe('webhook sender (real HTTP on loopback)', () => {
  let server: Server;
  let base: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => {
        text += chunk;
      });
      request.on('end', () => {
        seen.push({ path: request.url ?? '', headers: request.headers, body: JSON.parse(text || 'null') });
        if (request.url === '/ok') return void response.writeHead(204).end();
        if (request.url === '/busy') return void response.writeHead(503, { 'retry-after': '7' }).end('later');
        if (request.url === '/bad') return void response.writeHead(400).end('missing field x');
        request.socket.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const row = (payload: unknown, id = 1): OutboxRow => ({
    id,
    idempotencyKey: `key-${id}`,
    kind: 'webhook',
    payload,
    state: 'sending',
    attempts: 1,
    nextAttemptAt: '',
    lastError: null,
    createdAt: '',
    updatedAt: '',
    sentAt: null,
    providerId: null,
  });
  const common = {
    workflow: 'retention',
    entity: { type: 'account', id: 'a1' },
    enrollmentId: 3,
    stepIndex: 2,
  };
  const slack = new Secret(`${'http'}://127.0.0.1:1/never-used`, 'SLACK_URL');

  it('posts the step with its idempotency key and classifies the answer', async () => {
    const send = webhookSender({ notifyUrl: () => undefined });
    expect(await send(row({ ...common, url: `${base}/ok`, body: { note: 'hi' } }))).toEqual({
      status: 'sent',
    });
    expect(seen.at(-1)).toMatchObject({
      headers: { 'idempotency-key': 'key-1' },
      body: { event: 'scorebridge.workflow.step', workflow: 'retention', data: { note: 'hi' } },
    });
    expect(await send(row({ ...common, url: `${base}/busy` }))).toEqual({
      status: 'retry',
      error: 'HTTP 503: later',
      retryAfterMs: 7000,
    });
    expect(await send(row({ ...common, url: `${base}/bad` }))).toEqual({
      status: 'permanent',
      error: 'HTTP 400: missing field x',
    });
  });

  it('retries when nothing was connected and reports unknown when the call broke after sending', async () => {
    const send = webhookSender({ notifyUrl: () => undefined });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await send(row({ ...common, url: `http://127.0.0.1:${port}/closed` }))).toMatchObject({
      status: 'retry',
    });
    expect(await send(row({ ...common, url: `${base}/drop` }))).toMatchObject({ status: 'unknown' });
  });

  it('resolves a notify step URL from the workflow, never from the outbox', async () => {
    const resolved = new Secret(`${base}/ok`, 'SLACK_URL');
    const send = webhookSender({
      notifyUrl: (workflow, step) => (workflow === 'retention' && step === 4 ? resolved : slack),
    });
    const outcome = await send(
      row({ ...common, notify: { workflow: 'retention', stepIndex: 4 }, text: 'Acme is at risk' }, 9),
    );
    expect(outcome).toEqual({ status: 'sent' });
    expect(seen.at(-1)).toMatchObject({ path: '/ok', body: { text: 'Acme is at risk' } });
    const missing = webhookSender({ notifyUrl: () => undefined });
    expect(await missing(row({ ...common, notify: { workflow: 'gone', stepIndex: 0 } }))).toEqual({
      status: 'permanent',
      error: 'workflow gone has no notify step 0',
    });
  });
});
