// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax under test, not a template.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/config/index.ts';
import type { CommandIo, ExitCode } from '../../../cli/commands/command-io.ts';
import { registerSql } from '../../../cli/commands/sql.ts';
import { registerSync } from '../../../cli/commands/sync.ts';
import { registerValidate } from '../../../cli/commands/validate.ts';
import { ConfigError } from '../../../core/config/index.ts';
import { isLoopbackHost } from '../../../core/net/loopback-host.ts';
import { Secret } from '../../../core/secret.ts';
import { smtpTransportConfigSchema } from '../../../workflows/email/smtp-config.ts';

interface Run {
  readonly code: ExitCode | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(env: Record<string, string>, ...args: string[]): Promise<Run> {
  let code: ExitCode | undefined;
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
    setExitCode: (value) => {
      code = value;
    },
  };
  const program = new Command('scorebridge').exitOverride();
  registerValidate(program, io);
  registerSync(program, io);
  registerSql(program, io);
  await program.parseAsync(['node', 'scorebridge', ...args]);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function configDir(config: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'scorebridge-config-hardening-'));
  writeFileSync(path.join(dir, 'scorebridge.yaml'), config);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function emailBlock(transport: string): string {
  return `email:
  from: { address: success@vendor.example }
  transport: ${transport}
  unsubscribe: { url: "https://vendor.example/v1/unsubscribe", secret: "\${UNSUBSCRIBE_SECRET}" }
  content:
    product: Acme Analytics
    loginUrl: https://app.vendor.example/login
    helpUrl: https://help.vendor.example
    company: Vendor Inc.
    postalAddress: "1 Test Street, Testville"
`;
}

const FILES_CONNECTOR = `version: 1
store: { path: store.db }
connectors:
  files:
    type: file
    streams:
      contacts: { kind: contact, path: contacts.csv }
`;

describe('YAML alias bombs', () => {
  const BOMB = `version: 1
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
`;

  it('are a located config error, and the command exits 2', async () => {
    const dir = configDir(BOMB);
    const file = path.join(dir, 'scorebridge.yaml');
    const error = await loadConfig(file, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      expect.objectContaining({
        line: 4,
        column: 8,
        message: expect.stringContaining('aliases expand to too many values'),
      }),
    ]);
    const result = await run({}, 'validate', '--config', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/aliases expand to too many values .*scorebridge\.yaml:4:8\)/);
  });
});

describe('email secrets only where email is sent', () => {
  const config = `${FILES_CONNECTOR}${emailBlock('{ type: smtp, host: smtp.vendor.example }')}`;

  it('sync and sql run without the unsubscribe key; validate and other commands still ask for it', async () => {
    const dir = configDir(config, { 'contacts.csv': 'id,email\nc1,ann@example.com\n' });
    const file = path.join(dir, 'scorebridge.yaml');
    const synced = await run({}, 'sync', '--config', file, '--no-analytics', '--json');
    expect(synced.stderr).not.toContain('UNSUBSCRIBE_SECRET');
    expect(synced.code).toBe(0);
    const sql = await run({}, 'sql', 'SELECT COUNT(*) AS n FROM contacts', '--config', file, '--json');
    expect(sql.code).toBe(0);
    expect(JSON.parse(sql.stdout)).toEqual([{ n: 1 }]);

    const validate = await run({}, 'validate', '--config', file);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain('environment variable UNSUBSCRIBE_SECRET is not set');
    await expect(loadConfig(file, {})).rejects.toThrow(/UNSUBSCRIBE_SECRET is not set/);
  });

  it('a command that skipped the key cannot use it by mistake', async () => {
    const file = path.join(configDir(config), 'scorebridge.yaml');
    const loaded = await loadConfig(file, {}, { withoutEmailSecrets: true });
    const secret = loaded.config.email!.unsubscribe.secret!;
    expect(() => secret.reveal()).toThrow(/environment variable UNSUBSCRIBE_SECRET is not set/);
    const withKey = await loadConfig(
      file,
      { UNSUBSCRIBE_SECRET: 'k'.repeat(32) },
      { withoutEmailSecrets: true },
    );
    expect(withKey.config.email!.unsubscribe.secret!.reveal()).toBe('k'.repeat(32));
  });
});

describe('SMTP without TLS', () => {
  const env = { UNSUBSCRIBE_SECRET: 'k'.repeat(32), SMTP_PASS: 'p'.repeat(16) };

  it('refuses requireTLS: false for a server on another machine, saying where and why', async () => {
    const file = path.join(
      configDir(
        `${FILES_CONNECTOR}${emailBlock('{ type: smtp, host: smtp.vendor.example, requireTLS: false, auth: { user: u, pass: "${SMTP_PASS}" } }')}`,
      ),
      'scorebridge.yaml',
    );
    const error = await loadConfig(file, env).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    const [issue] = (error as ConfigError).issues;
    expect(issue).toMatchObject({ path: 'email.transport.requireTLS', line: 10 });
    expect(issue!.message).toContain('unencrypted to smtp.vendor.example');
    expect(issue!.hint).toContain('secure: true');
  });

  it('accepts requireTLS: false for a server on this machine, and secure: true anywhere', async () => {
    for (const transport of [
      '{ type: smtp, host: 127.0.0.1, port: 2525, requireTLS: false }',
      '{ type: smtp, host: localhost, requireTLS: false }',
      '{ type: smtp, host: smtp.vendor.example, port: 465, secure: true, requireTLS: false }',
    ]) {
      const file = path.join(configDir(`${FILES_CONNECTOR}${emailBlock(transport)}`), 'scorebridge.yaml');
      await expect(loadConfig(file, env)).resolves.toBeDefined();
    }
  });

  it('the SMTP transport itself never sends a login in clear to another machine', () => {
    const auth = { user: 'u', pass: new Secret('s3cr3t-value', 'SMTP_PASS') };
    const base = { port: 587, sendingDomain: 'vendor.example', auth };
    expect(smtpTransportConfigSchema.safeParse({ ...base, host: 'smtp.vendor.example' }).success).toBe(false);
    expect(
      smtpTransportConfigSchema.safeParse({ ...base, host: 'smtp.vendor.example', requireTLS: true }).success,
    ).toBe(true);
    expect(smtpTransportConfigSchema.safeParse({ ...base, host: '127.0.0.1' }).success).toBe(true);
  });

  it('knows which hosts are this machine', () => {
    expect(
      ['localhost', 'LOCALHOST.', 'mail.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]'].map(
        isLoopbackHost,
      ),
    ).toEqual(Array(7).fill(true));
    expect(
      ['smtp.example.com', '10.0.0.1', '128.0.0.1', '::2', 'localhost.example.com', '127.0.0.1.nip.io'].map(
        isLoopbackHost,
      ),
    ).toEqual(Array(6).fill(false));
  });
});
