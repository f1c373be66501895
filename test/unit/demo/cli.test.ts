import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerDemoData } from '../../../cli/commands/demo-data.ts';
import { generateDemoData } from '../../../demo/index.ts';

function program(output: string[]): Command {
  const root = new Command('scorebridge')
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerDemoData(root, { out: (text) => output.push(text), progress: false }).exitOverride();
  return root;
}

describe('scorebridge demo-data', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('writes the files and prints a summary table', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scorebridge-cli-'));
    dirs.push(dir);
    const output: string[] = [];
    await program(output).parseAsync(
      [
        'demo-data',
        '--contacts',
        '60',
        '--seed',
        '4',
        '--out',
        dir,
        '--as-of',
        '2026-06-01',
        '--bad-rows-rate',
        '0',
      ],
      { from: 'user' },
    );
    const text = output.join('');
    expect(text).toMatch(/contacts\.csv\s+60\s+0\s/);
    expect(text).toContain('as of 2026-06-01T00:00:00.000Z');
    expect(text).toMatch(/accounts: \d+ prospect, \d+ trial, \d+ active, \d+ churned/);
    expect((await readdir(dir)).sort()).toEqual([
      'accounts.csv',
      'contacts.csv',
      'deals.csv',
      'events.csv',
      'manifest.json',
      'marketing_contacts.csv',
      'truth.csv',
    ]);
  });

  it.each([
    [['--contacts', 'many'], /--contacts must be a whole number/],
    [['--contacts', '0'], /--contacts must be a whole number from 1/],
    [['--seed', '-3'], /--seed must be a whole number/],
    [['--as-of', '2026-02-30'], /not a date/],
    [['--bad-rows-rate', '2'], /between 0 and 0.5/],
  ])('rejects %j with a message saying what to use', async (args, message) => {
    const run = program([]).parseAsync(['demo-data', ...args, '--out', join(tmpdir(), 'never-written')], {
      from: 'user',
    });
    await expect(run).rejects.toBeInstanceOf(CommanderError);
    await expect(run).rejects.toThrow(message);
  });

  it('validates options given to the library call too, before touching the disk', async () => {
    const dir = join(tmpdir(), `scorebridge-demo-invalid-${process.pid}`);
    await expect(generateDemoData({ contacts: 1.5, seed: 1, outDir: dir })).rejects.toThrow(
      /contacts: contacts must be a whole number/,
    );
    await expect(generateDemoData({ contacts: 10, seed: 1, outDir: dir, badRowsRate: 0.9 })).rejects.toThrow(
      /badRowsRate/,
    );
    await expect(generateDemoData({ contacts: 10, seed: 1, outDir: dir, asOf: 'soon' })).rejects.toThrow(
      /as-of "soon" is not a date/,
    );
    expect(existsSync(dir)).toBe(false);
  });

  it('reports progress up to the requested number of contacts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scorebridge-progress-'));
    dirs.push(dir);
    const seen: number[] = [];
    await generateDemoData({
      contacts: 50,
      seed: 2,
      outDir: dir,
      onProgress: (done, total) => seen.push(done / total),
    });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((value, i) => i === 0 || value > (seen[i - 1] as number))).toBe(true);
  });
});
