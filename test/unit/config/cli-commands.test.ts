import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { scorebridgeJsonSchemaText } from '../../../app/config/index.ts';
import type { CommandIo, ExitCode } from '../../../cli/commands/command-io.ts';
import { registerInit } from '../../../cli/commands/init.ts';
import { registerSchema } from '../../../cli/commands/schema.ts';
import { registerValidate } from '../../../cli/commands/validate.ts';

interface Run {
  readonly code: ExitCode | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(...args: string[]): Promise<Run> {
  let code: ExitCode | undefined;
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    setExitCode: (value) => {
      code = value;
    },
  };
  const program = new Command('scorebridge').exitOverride();
  registerInit(program, io);
  registerValidate(program, io);
  registerSchema(program, io);
  await program.parseAsync(['node', 'scorebridge', ...args]);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('init, validate and schema commands', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'scorebridge-cli-'));
  const file = path.join(dir, 'config', 'scorebridge.yaml');

  it('init writes a starter config that validate accepts', async () => {
    const init = await run('init', '--config', file);
    expect(init.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\/schema\/scorebridge\.schema\.json\n/,
    );
    expect(readFileSync(path.join(dir, 'config', 'schema', 'scorebridge.schema.json'), 'utf8')).toBe(
      scorebridgeJsonSchemaText(),
    );

    const validate = await run('validate', '--config', file);
    expect(validate).toEqual({
      code: 0,
      stdout: `${file} is valid (1 connector, 4 streams, 1 workflow with their email templates)`,
      stderr: '',
    });
  });

  it('init refuses to overwrite unless forced', async () => {
    writeFileSync(file, 'version: 1\n');
    const refused = await run('init', '--config', file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists; use --force');
    expect(readFileSync(file, 'utf8')).toBe('version: 1\n');

    const forced = await run('init', '--config', file, '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('demo_files:');
  });

  it('validate prints located errors and exits 2', async () => {
    const broken = path.join(dir, 'broken.yaml');
    writeFileSync(broken, 'version: 1\nidentity:\n  systemPriority: [crm]\n');
    const result = await run('validate', '-c', broken);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `unknown connector 'crm' at identity.systemPriority[0] (${broken}:3:20); no connectors are configured`,
    );
  });

  it('schema writes the JSON Schema where asked', async () => {
    const out = path.join(dir, 'out', 'schema.json');
    const result = await run('schema', '--out', out);
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(scorebridgeJsonSchemaText());
  });
});
