import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DryRunEmailTransport, deterministicMessageId } from '../../../../workflows/email/index.ts';
import { retentionMessage } from './fixtures.ts';
import { header, parseMail, partBody } from './mime.ts';

describe('DryRunEmailTransport', () => {
  let outputDir: string;
  beforeEach(async () => {
    outputDir = path.join(await mkdtemp(path.join(tmpdir(), 'scorebridge-eml-')), 'nested');
  });
  afterEach(async () => {
    await rm(path.dirname(outputDir), { recursive: true, force: true });
  });

  it('writes a parseable .eml with the same headers SMTP would send', async () => {
    const transport = new DryRunEmailTransport({ outputDir, sendingDomain: 'mail.example.com' });
    const result = await transport.send(retentionMessage());
    await transport.close();

    const expectedId = deterministicMessageId('enrollment-42:day0', 'mail.example.com');
    expect(result).toMatchObject({ status: 'sent', messageId: expectedId });
    const files = await readdir(outputDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{32}@mail\.example\.com\.eml$/);

    const mail = parseMail(await readFile(path.join(outputDir, files[0]!), 'utf8'));
    expect(header(mail, 'message-id')).toBe(expectedId);
    expect(header(mail, 'to')).toBe('ana@customer.example');
    expect(header(mail, 'list-unsubscribe')).toContain('<https://example.com/u/abc123>');
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(partBody(mail, 'text/plain')).toContain('Hi Ana & co');
    expect(partBody(mail, 'text/html')).toContain('&lt;b&gt;Ana&lt;/b&gt;');
  });

  it('overwrites rather than duplicates when the same idempotency key is replayed', async () => {
    const transport = new DryRunEmailTransport({ outputDir, sendingDomain: 'mail.example.com' });
    await transport.send(retentionMessage());
    await transport.send(retentionMessage());
    await transport.send(retentionMessage({ idempotencyKey: 'enrollment-42:day3' }));
    expect(await readdir(outputDir)).toHaveLength(2);
  });

  it('refuses an unsubscribe URL that is not https, as RFC 8058 requires', async () => {
    const transport = new DryRunEmailTransport({ outputDir, sendingDomain: 'mail.example.com' });
    await expect(
      transport.send(retentionMessage({ unsubscribe: { url: 'http://example.com/u/1' } })),
    ).rejects.toThrow(/must be https/);
  });
});
