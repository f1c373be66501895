import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../cli/command-table.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const MAIN = path.join(ROOT, 'cli', 'main.ts');
const MODULE_LOG = path.join(ROOT, 'test', 'helpers', 'module-log.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'sb-startup-'));

interface Started {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
  /** Project files loaded, relative to the repository ('cli/program.ts'). */
  readonly files: string[];
  /** npm packages loaded ('commander'). */
  readonly packages: string[];
}

let runs = 0;
/** The real entry point in a child process, recording every module it loads. */
function start(...args: string[]): Started {
  const log = path.join(dir, `modules-${++runs}.txt`);
  const result = spawnSync(process.execPath, ['--import', MODULE_LOG, MAIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, MODULE_LOG: log, CI: 'true' },
  });
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const root = `file://${ROOT}/`;
  const files = urls
    .filter((url) => url.startsWith(root) && !url.includes('/node_modules/'))
    .map((url) => url.slice(root.length));
  const packages = [
    ...new Set(
      urls.flatMap((url) => {
        const match = url.match(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
        return match ? [match[1]!] : [];
      }),
    ),
  ];
  return { code: result.status, out: result.stdout, err: result.stderr, files, packages };
}

const PROGRAM_FILES = ['cli/main.ts', 'cli/program.ts', 'cli/command-table.ts'];

describe('scorebridge starts at once', () => {
  it('--version loads the program and its command table, and no command module', () => {
    const started = start('--version');
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(started).toMatchObject({ code: 0, out: `${version}\n` });
    expect(started.files.sort()).toEqual([...PROGRAM_FILES].sort());
    expect(started.packages).toEqual(['commander']);
  });

  it('--help lists every command under its heading, loading no command module', () => {
    const started = start('--help');
    expect(started.code).toBe(0);
    for (const entry of COMMANDS) expect(started.out).toMatch(new RegExp(`^  ${entry.name} +\\S`, 'm'));
    expect(started.out).toContain('Models and scores:');
    expect(started.files.sort()).toEqual([...PROGRAM_FILES].sort());
    expect(started.packages).toEqual(['commander']);
  });

  it('<command> --help loads that command alone and none of its runtime dependencies', () => {
    for (const entry of COMMANDS) {
      const started = start(entry.name, '--help');
      expect(started.code, entry.name).toBe(0);
      expect(started.out, entry.name).toMatch(new RegExp(`^Usage: scorebridge ${entry.name} `));
      // The config loader, the store, DuckDB, provider SDKs, the logger: imported when the command runs.
      expect(started.packages, `${entry.name} --help loads ${started.packages.join(', ')}`).toEqual([
        'commander',
      ]);
      expect(started.files, entry.name).not.toContain('app/config/index.ts');
      expect(started.files, entry.name).not.toContain('core/store/sqlite/index.ts');
    }
  });

  it('keeps usage mistakes at exit 2 and suggests the command meant', () => {
    const typo = start('scroe');
    expect(typo.code).toBe(2);
    expect(typo.err).toContain("unknown command 'scroe'");
    expect(typo.err).toContain('Did you mean score?');
    expect(start('score', '--bogus').code).toBe(2);
    const help = start('help', 'train');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: scorebridge train /);
  });
});
