import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailSender } from '../../../app/workflows/senders/email-sender.ts';
import { templateCache } from '../../../app/workflows/transports.ts';
import { FixedClock } from '../../../core/clock.ts';
import { createLogger } from '../../../core/logger.ts';
import { DryRunEmailTransport } from '../../../workflows/email/index.ts';
import type { OutboxRow } from '../../../workflows/outbox/index.ts';
import { signUnsubscribeToken, suppressionOf } from '../../../workflows/suppression/index.ts';
import { account, batch, contact } from '../../helpers/records.ts';
import { type HooksServer, startHooksServer, UNSUBSCRIBE_SECRET } from './hooks-harness.ts';

const TEMPLATES = fileURLToPath(new URL('../../../config/templates', import.meta.url));
const ADDRESS = 'pat.o-brien@customer.example';

const CONFIG = `version: 1
store: { path: store.db }
workflows: { templates: ${JSON.stringify(TEMPLATES)} }
email:
  from: { address: success@vendor.example, name: Vendor Success }
  unsubscribe: { url: "https://vendor.example/v1/unsubscribe", secret: "\${UNSUBSCRIBE_SECRET}" }
  content:
    product: Acme Analytics
    loginUrl: https://app.vendor.example/login
    helpUrl: https://help.vendor.example
    company: Vendor Inc.
    postalAddress: "1 Test Street, Testville"
`;

function outboxRow(id: number, to: string, contactId: string): OutboxRow {
  return {
    id,
    idempotencyKey: `retention/1/${id}/0`,
    kind: 'email',
    payload: {
      workflow: 'retention',
      entity: { type: 'contact', id: contactId },
      enrollmentId: id,
      stepIndex: 0,
      to,
      templates: 'retention',
      template: 'day0-checkin',
      category: 'retention',
    },
    state: 'sending',
    attempts: 0,
    nextAttemptAt: '2026-11-01T12:00:00.000Z',
    lastError: null,
    createdAt: '2026-11-01T12:00:00.000Z',
    updatedAt: '2026-11-01T12:00:00.000Z',
    sentAt: null,
    providerId: null,
  };
}

describe('RFC 8058 one-click unsubscribe over real HTTP', () => {
  const clock = new FixedClock('2026-11-01T12:00:00.000Z');
  const logLines: string[] = [];
  let unsubscribes = 0;
  let server: HooksServer;
  const url = (token: string) => `${server.url}/v1/unsubscribe?token=${encodeURIComponent(token)}`;
  const token = signUnsubscribeToken({ address: ADDRESS, list: 'retention' }, UNSUBSCRIBE_SECRET);
  const oneClick = (target: string) =>
    fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });

  beforeAll(async () => {
    server = await startHooksServer({
      config: CONFIG,
      clock,
      logger: createLogger({
        destination: new Writable({
          write(chunk, _encoding, callback) {
            logLines.push(String(chunk));
            callback();
          },
        }),
      }),
      hooks: {
        onRecordsChanged: async () => undefined,
        metrics: {
          webhooksReceived: () => undefined,
          unsubscribes: () => {
            unsubscribes += 1;
          },
        },
      },
    });
  });
  afterAll(() => server.close());

  it('shows an escaped confirmation page on GET and changes nothing on GET or HEAD', async () => {
    const tricky = signUnsubscribeToken(
      { address: 'x<b>"y"@example.com', list: 'retention' },
      UNSUBSCRIBE_SECRET,
    );
    const page = await fetch(url(tricky));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('x&#60;b&#62;&#34;y&#34;@example.com');
    expect(html).not.toContain('<b>"y"');
    expect(html).toContain('<form method="post"');
    expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
    expect((await fetch(url(token), { method: 'HEAD' })).status).toBe(200);
    expect(suppressionOf(server.deps.store.database, ADDRESS)).toBeUndefined();
  });

  it('refuses a POST without the one-click body, and an invalid token with a vague 400 page', async () => {
    const bare = await fetch(url(token), { method: 'POST' });
    expect(bare.status).toBe(400);
    expect(suppressionOf(server.deps.store.database, ADDRESS)).toBeUndefined();

    const forged = signUnsubscribeToken({ address: ADDRESS, list: 'retention' }, 'somebody-elses-key-000000');
    const refused = await oneClick(url(forged));
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('This unsubscribe link is not valid');
    expect(html).not.toMatch(/signature|altered|key/i);
    expect(suppressionOf(server.deps.store.database, ADDRESS)).toBeUndefined();
    const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.find((entry) => entry.msg === 'invalid unsubscribe token')?.reason).toMatch(
      /signature does not match/,
    );
    expect((await fetch(`${server.url}/v1/unsubscribe`)).status).toBe(400);
  });

  it('suppresses the address on the one-click POST, idempotently, and the email sender then refuses it', async () => {
    const { store } = server.deps;
    await store.applyBatch(
      batch('crm.records', [
        account('crm', 'acc-1', { name: 'Customer One', status: 'active' }),
        contact('crm', 'con-1', {
          email: ADDRESS,
          firstName: 'Pat',
          emailOptIn: true,
          timezone: 'UTC',
          account: { system: 'crm', objectType: 'accounts', externalId: 'acc-1' },
        }),
      ]),
    );
    const person = await store.findContactByEmail(ADDRESS);
    const outputDir = path.join(server.dir, 'emails');
    const send = emailSender({
      db: store.database,
      store,
      clock,
      email: server.deps.loaded.config.email!,
      transport: new DryRunEmailTransport({ outputDir, sendingDomain: 'vendor.example' }),
      templates: templateCache(server.deps.loaded.config.workflows.templates),
      csmOf: () => undefined,
    });
    const row = (id: number) => outboxRow(id, ADDRESS, person!.id);
    expect(await send(row(1))).toMatchObject({ status: 'sent' });
    expect(readdirSync(outputDir)).toHaveLength(1);

    // No cookie, no Authorization: the signed token is the only credential.
    const first = await oneClick(url(token));
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('You are unsubscribed');
    const suppression = suppressionOf(store.database, ADDRESS);
    expect(suppression).toMatchObject({
      reason: 'unsubscribe',
      source: 'list-unsubscribe',
      detail: 'list retention',
    });

    clock.advance(60_000);
    const again = await oneClick(url(token));
    expect(again.status).toBe(200);
    expect(suppressionOf(store.database, ADDRESS)?.suppressedAt).toBe(suppression!.suppressedAt);
    expect(unsubscribes).toBe(1);

    const refused = await send(row(2));
    expect(refused).toEqual({
      status: 'permanent',
      error: `not sent: ${ADDRESS} is suppressed (unsubscribe, list-unsubscribe, ${suppression!.suppressedAt})`,
    });
    expect(readdirSync(outputDir)).toHaveLength(1);
  });

  describe('one-click bodies as mail clients send them (RFC 8058 §3.1)', () => {
    let people = 0;
    /** A fresh address and its link, so each body is judged on its own. */
    const person = () => {
      people += 1;
      const address = `reader${people}@inbox.example`;
      return { address, link: url(signUnsubscribeToken({ address, list: 'retention' }, UNSUBSCRIBE_SECRET)) };
    };
    const post = (target: string, contentType: string | undefined, body: string | FormData) =>
      fetch(target, {
        method: 'POST',
        ...(contentType === undefined ? {} : { headers: { 'content-type': contentType } }),
        body,
      });
    const suppressed = (address: string) => suppressionOf(server.deps.store.database, address) !== undefined;

    it('unsubscribes on multipart/form-data, the form RFC 8058 asks mail clients to send', async () => {
      // Shaped as Gmail's one-click POST: a boundary of zeros and hex digits, one part, CRLF lines.
      const gmail = person();
      const boundary = '000000000000a1b2c3d4e5f60718';
      const gmailBody =
        `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n` +
        `--${boundary}--\r\n`;
      const first = await post(gmail.link, `multipart/form-data; boundary=${boundary}`, gmailBody);
      expect(first.status).toBe(200);
      expect(await first.text()).toContain('You are unsubscribed');
      expect(suppressed(gmail.address)).toBe(true);

      // A quoted boundary, a part with its own Content-Type, a preamble and no final CRLF (Go's and
      // Python's MIME writers, and hand-written clients, differ in these).
      const other = person();
      const quoted = 'Apple-Mail=_5F1C2D3E-4B5A-6978-8A9B-0C1D2E3F4A5B';
      const otherBody =
        `This is a multi-part message in MIME format.\r\n--${quoted}\r\n` +
        'Content-Disposition: form-data; name="List-Unsubscribe"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n' +
        `One-Click\r\n--${quoted}--`;
      const second = await post(
        other.link,
        `multipart/form-data; charset=utf-8; boundary="${quoted}"`,
        otherBody,
      );
      expect(second.status).toBe(200);
      expect(suppressed(other.address)).toBe(true);

      // What fetch (and so a browser) makes of a FormData body.
      const browser = person();
      const form = new FormData();
      form.append('List-Unsubscribe', 'One-Click');
      expect((await post(browser.link, undefined, form)).status).toBe(200);
      expect(suppressed(browser.address)).toBe(true);
    });

    it('unsubscribes on application/x-www-form-urlencoded, with or without a charset', async () => {
      const yahoo = person();
      const plain = await post(yahoo.link, 'application/x-www-form-urlencoded', 'List-Unsubscribe=One-Click');
      expect(plain.status).toBe(200);
      expect(suppressed(yahoo.address)).toBe(true);
      const outlook = person();
      const withCharset = await post(
        outlook.link,
        'application/x-www-form-urlencoded; charset=UTF-8',
        'List-Unsubscribe=One-Click&',
      );
      expect(withCharset.status).toBe(200);
      expect(suppressed(outlook.address)).toBe(true);
    });

    it('says what is wrong with a body it cannot take, and suppresses nothing', async () => {
      const reader = person();
      const answer = async (contentType: string | undefined, body: string) => {
        const response = await post(reader.link, contentType, body);
        return { status: response.status, html: await response.text() };
      };

      const elevenFields = Array.from({ length: 11 }, (_, i) =>
        i === 0 ? 'List-Unsubscribe=One-Click' : `extra${i}=x`,
      ).join('&');
      const many = await answer('application/x-www-form-urlencoded', elevenFields);
      expect(many.status).toBe(400);
      expect(many.html).toContain('The form has 11 fields; a one-click unsubscribe sends one');
      const boundary = 'b0undary';
      const multipartMany = Array.from(
        { length: 12 },
        (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`,
      ).join('');
      const manyParts = await answer(
        `multipart/form-data; boundary=${boundary}`,
        `${multipartMany}--${boundary}--\r\n`,
      );
      expect(manyParts.status).toBe(400);
      expect(manyParts.html).toContain('The form has 12 fields');

      const big = await answer(
        'application/x-www-form-urlencoded',
        `List-Unsubscribe=One-Click&pad=${'x'.repeat(5000)}`,
      );
      expect(big.status).toBe(413);
      expect(big.html).toContain(
        'The request body is 5,031 bytes; a one-click unsubscribe is at most 4,096 bytes',
      );
      expect(big.html).not.toContain('xxxx');

      const json = await answer('application/json', '{"List-Unsubscribe":"One-Click"}');
      expect(json.status).toBe(415);
      expect(json.html).toContain('A one-click unsubscribe is a form');
      expect(json.html).toContain('not application/json');

      const noBoundary = await answer('multipart/form-data', 'List-Unsubscribe=One-Click');
      expect(noBoundary.status).toBe(400);
      expect(noBoundary.html).toContain('has no boundary= parameter');

      const mismatched = await answer(
        'multipart/form-data; boundary=expected',
        '--other\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--other--\r\n',
      );
      expect(mismatched.status).toBe(400);
      expect(mismatched.html).toContain('does not match its Content-Type');

      // Every refusal still offers the person the button that works.
      for (const page of [many, big, json, noBoundary, mismatched])
        expect(page.html).toContain('name="List-Unsubscribe" value="One-Click"');
      expect(suppressed(reader.address)).toBe(false);
      const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged.filter((entry) => entry.msg === 'unsubscribe request refused')).toHaveLength(6);
    });
  });
});
