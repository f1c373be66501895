import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_GROUPS, COMMANDS } from '../../../cli/command-table.ts';
import { buildProgram, namedCommand } from '../../../cli/program.ts';

const COMMANDS_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'cli', 'commands');

describe('the command table', () => {
  it('describes each command exactly as its module registers it', async () => {
    for (const entry of COMMANDS) {
      const program = new Command('scorebridge');
      await entry.register(program);
      const command = program.commands.find((c) => c.name() === entry.name);
      expect(command, `${entry.name} is not registered by its module`).toBeDefined();
      expect(command!.description(), entry.name).toBe(entry.description);
      expect(COMMAND_GROUPS).toContain(entry.group);
    }
  });

  it('lists every command a command module registers', async () => {
    const program = new Command('scorebridge');
    const registrations = new Set(COMMANDS.map((entry) => entry.register));
    for (const register of registrations) await register(program);
    const registered = program.commands.map((c) => c.name()).sort();
    expect(COMMANDS.map((entry) => entry.name).sort()).toEqual(registered);
  });

  it('gives every command --json', async () => {
    const program = new Command('scorebridge');
    for (const register of new Set(COMMANDS.map((entry) => entry.register))) await register(program);
    const leaves: Command[] = [];
    const walk = (command: Command): void => {
      if (command.commands.length === 0) leaves.push(command);
      command.commands.forEach(walk);
    };
    program.commands.forEach(walk);
    expect(leaves.length).toBeGreaterThan(25);
    const without = leaves.filter((c) => !c.options.some((o) => o.long === '--json'));
    expect(without.map((c) => `${c.parent?.name()} ${c.name()}`)).toEqual([]);
  });

  it('reaches every module that registers a command', () => {
    const table = readFileSync(path.resolve(COMMANDS_DIR, '..', 'command-table.ts'), 'utf8');
    const registering = readdirSync(COMMANDS_DIR).filter(
      (file) =>
        file.endsWith('.ts') &&
        /export function register\w+\(program: Command/.test(
          readFileSync(path.join(COMMANDS_DIR, file), 'utf8'),
        ),
    );
    expect(registering.length).toBeGreaterThan(15);
    for (const file of registering) expect(table, file).toContain(`import('./commands/${file}')`);
  });

  it('finds the command the arguments name, also after help', () => {
    expect(namedCommand(['score', '--as-of', '2026-01-01'])?.name).toBe('score');
    expect(namedCommand(['help', 'train'])?.name).toBe('train');
    expect(namedCommand(['--version'])).toBeUndefined();
    expect(namedCommand(['scroe'])).toBeUndefined();
  });

  it('registers the named command in full and the others by name, in the table order', async () => {
    const program = await buildProgram(['node', 'scorebridge', 'retry']);
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((entry) => entry.name));
    const options = (name: string) =>
      program.commands.find((c) => c.name() === name)!.options.map((o) => o.long);
    expect(options('retry')).toContain('--dead-letter');
    // workflows comes from the same module, so it is registered in full too.
    expect(program.commands.find((c) => c.name() === 'workflows')!.commands.map((c) => c.name())).toEqual([
      'status',
      'run',
    ]);
    expect(options('score')).toEqual([]);
  });
});
