import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = path.resolve(import.meta.dirname, '..', '..', '..', 'cli', 'main.ts');

function cli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('scorebridge exit codes (the real entry point, in a child process)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-cli-'));

  it('exits 2 on a usage mistake and on a config error, naming the place', () => {
    expect(cli(['status', '--bogus'], dir).code).toBe(2);
    writeFileSync(
      path.join(dir, 'broken.yaml'),
      'version: 1\nconnectors:\n  crm:\n    type: fiel\n    streams: {}\n',
    );
    const broken = cli(['validate', '-c', 'broken.yaml'], dir);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/broken\.yaml:4:11/);
    expect(broken.err).toMatch(/did you mean 'file'/);
  });

  it('exits 0 for init, validate and status on a fresh folder', () => {
    expect(cli(['init'], dir).code).toBe(0);
    expect(cli(['validate'], dir)).toMatchObject({ code: 0 });
    const status = cli(['status', '--json'], dir);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out).counts.contacts).toBe(0);
  });
});
