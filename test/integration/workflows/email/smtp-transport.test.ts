import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { Secret } from '../../../../core/secret.ts';
import {
  deterministicMessageId,
  loadTemplateSet,
  SmtpEmailTransport,
} from '../../../../workflows/email/index.ts';
import { startDroppingSmtpPeer } from './dropping-smtp-peer.ts';
import { retentionDir, retentionMessage } from './fixtures.ts';
import { header, parseMail, partBody } from './mime.ts';
import { startTestSmtpServer, type TestSmtpServer } from './smtp-test-server.ts';

describe('SmtpEmailTransport against a real local SMTP server', () => {
  let server: TestSmtpServer;
  let transport: SmtpEmailTransport;

  beforeAll(async () => {
    server = await startTestSmtpServer();
    transport = new SmtpEmailTransport({
      host: '127.0.0.1',
      port: server.port,
      sendingDomain: 'mail.example.com',
    });
  });
  afterAll(async () => {
    await transport.close();
    await server.close();
  });

  it('delivers with a deterministic Message-ID and RFC 8058 one-click headers', async () => {
    const result = await transport.send(retentionMessage());
    const expectedId = deterministicMessageId('enrollment-42:day0', 'mail.example.com');
    expect(result).toMatchObject({ status: 'sent', messageId: expectedId });
    expect(expectedId).toMatch(/^<[0-9a-f]{32}@mail\.example\.com>$/);

    const delivered = server.received.at(-1);
    expect(delivered?.rcptTo).toEqual(['ana@customer.example']);
    const mail = parseMail(delivered?.raw ?? '');
    expect(header(mail, 'message-id')).toBe(expectedId);
    expect(header(mail, 'list-unsubscribe')).toBe(
      '<https://example.com/u/abc123>, <mailto:unsubscribe@mail.example.com?subject=abc123>',
    );
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  });

  it('delivers the rendered retention email with CRM data escaped in the HTML part', async () => {
    const templates = await loadTemplateSet(retentionDir);
    const data = parseYaml(await readFile(path.join(retentionDir, 'sample-data.yaml'), 'utf8'));
    data.customer = { ...data.customer, company: '<script>alert(1)</script> & Sons' };
    const rendered = templates.render('day3-roi', data);
    const result = await transport.send(
      retentionMessage({ idempotencyKey: 'enrollment-7:day3', ...rendered }),
    );
    expect(result.status).toBe('sent');

    const mail = parseMail(server.received.at(-1)?.raw ?? '');
    expect(header(mail, 'subject')).toBe('Your ROI with Acme Analytics');
    const html = partBody(mail, 'text/html');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons');
    expect(html).not.toContain('<script>');
    expect(partBody(mail, 'text/plain')).toContain('<script>alert(1)</script> & Sons');
  });

  it('classifies a 550 recipient rejection as a permanent bounce', async () => {
    const result = await transport.send(
      retentionMessage({ to: 'bounce@customer.example', idempotencyKey: 'b' }),
    );
    expect(result).toMatchObject({ status: 'failed', permanent: true, kind: 'permanent', code: 550 });
    expect(result.status === 'failed' && result.response).toContain('No such user here');
  });

  it('classifies a 554 after DATA as a permanent bounce', async () => {
    const result = await transport.send(
      retentionMessage({ to: 'spamtrap@customer.example', idempotencyKey: 's' }),
    );
    expect(result).toMatchObject({ status: 'failed', permanent: true, kind: 'permanent', code: 554 });
  });

  it('classifies a 451 answer as temporary', async () => {
    const result = await transport.send(
      retentionMessage({ to: 'busy@customer.example', idempotencyKey: 't' }),
    );
    expect(result).toMatchObject({ status: 'failed', permanent: false, kind: 'temporary', code: 451 });
  });
});

describe('SmtpEmailTransport credentials and connection failures', () => {
  it('authenticates with the Secret and never exposes it in the parsed config', async () => {
    const server = await startTestSmtpServer('correct-horse-battery');
    const transport = new SmtpEmailTransport({
      host: '127.0.0.1',
      port: server.port,
      sendingDomain: 'mail.example.com',
      auth: { user: 'mailer', pass: new Secret('correct-horse-battery', 'SMTP_PASSWORD') },
    });
    try {
      const result = await transport.send(retentionMessage());
      expect(result.status).toBe('sent');
      expect(server.authenticatedUsers).toEqual(['mailer']);
    } finally {
      await transport.close();
      await server.close();
    }
  });

  it('does not call a rejected password a bounce: the address is fine, the config is not', async () => {
    const server = await startTestSmtpServer('correct-horse-battery');
    const transport = new SmtpEmailTransport({
      host: '127.0.0.1',
      port: server.port,
      sendingDomain: 'mail.example.com',
      auth: { user: 'mailer', pass: new Secret('wrong-password-123', 'SMTP_PASSWORD') },
    });
    try {
      const result = await transport.send(retentionMessage());
      expect(result).toMatchObject({ status: 'failed', permanent: false, kind: 'temporary', code: 535 });
      expect(server.received).toHaveLength(0);
    } finally {
      await transport.close();
      await server.close();
    }
  });

  it('reports unknown when the connection drops after the message was transmitted', async () => {
    const peer = await startDroppingSmtpPeer();
    const transport = new SmtpEmailTransport({
      host: '127.0.0.1',
      port: peer.port,
      sendingDomain: 'mail.example.com',
    });
    try {
      const result = await transport.send(retentionMessage());
      expect(result).toMatchObject({ status: 'failed', permanent: false, kind: 'unknown', code: null });
      // Sent once: nodemailer's pool requeues a message only when its connection closes before any
      // of it was sent; a close after DATA is an error, so the peer that has it never gets a copy.
      expect(peer.received()).toBe(1);
    } finally {
      await transport.close();
      await peer.close();
    }
  });

  it('treats a refused connection as temporary (nothing reached a server)', async () => {
    const server = await startTestSmtpServer();
    const port = server.port;
    await server.close();
    const transport = new SmtpEmailTransport({ host: '127.0.0.1', port, sendingDomain: 'mail.example.com' });
    try {
      const result = await transport.send(retentionMessage());
      expect(result).toMatchObject({ status: 'failed', permanent: false, kind: 'temporary', code: null });
    } finally {
      await transport.close();
    }
  });
});
