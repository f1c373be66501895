import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerEvaluate } from '../../../cli/commands/evaluate.ts';
import { Rng } from '../../../scoring/learners/rng.ts';

function writeCsv(): string {
  const rng = new Rng(9);
  const lines = ['customerID;plan;usage;Churn'];
  for (let i = 0; i < 400; i++) {
    const usage = rng.nextGaussian();
    const plan = ['basic', 'pro', 'Select'][rng.nextInt(3)];
    const churn = rng.nextFloat() < 1 / (1 + Math.exp(2 * usage)) ? 'Yes' : 'No';
    lines.push(`c${i};${plan};${usage.toFixed(3)};${churn}`);
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'scorebridge-eval-')), 'churn.csv');
  writeFileSync(file, lines.join('\n'));
  return file;
}

function program(): { program: Command; errors: string[] } {
  const errors: string[] = [];
  const root = new Command('scorebridge')
    .exitOverride()
    .configureOutput({ writeErr: (s) => errors.push(s), writeOut: () => {} });
  registerEvaluate(root);
  return { program: root, errors };
}

describe('scorebridge evaluate', () => {
  const csv = writeCsv();
  afterEach(() => vi.restoreAllMocks());
  const common = [
    '--csv',
    csv,
    '--delimiter',
    ';',
    '--drop',
    'customerID',
    '--missing',
    'Select',
    '--model',
    'logistic',
    '--folds',
    '3',
  ];

  it('prints a fold table with mean±sd and the lift table', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    await program().program.parseAsync(['node', 'scorebridge', 'evaluate', ...common, '--target', 'Churn']);
    const text = written.join('');
    expect(text).toMatch(/400 rows, 2 features, target 'Churn' = 'Yes'/);
    expect(text).toMatch(/mean±sd\s+0\.\d{4}±0\.\d{4}/);
    expect(text).toMatch(/1 \(top 10%\)/);
    expect(text).toMatch(/top 10% of scores hold \d+% of positives/);
  });

  it('prints JSON with --json', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    await program().program.parseAsync([
      'node',
      'scorebridge',
      'evaluate',
      ...common,
      '--target',
      'Churn',
      '--json',
    ]);
    const parsed = JSON.parse(written.join(''));
    expect(parsed.folds).toHaveLength(3);
    expect(parsed.summary.rocAuc.mean).toBeGreaterThan(0.7);
    expect(parsed.dataset.droppedColumns).toEqual(['customerID']);
    expect(parsed.lift.bands).toHaveLength(10);
  });

  it('names the missing target column and suggests the closest one', async () => {
    const { program: root, errors } = program();
    await expect(
      root.parseAsync(['node', 'scorebridge', 'evaluate', ...common, '--target', 'churn']),
    ).rejects.toThrow();
    expect(errors.join('')).toMatch(/target column 'churn' not found .*Did you mean 'Churn'\?/);
  });

  it('rejects a non-integer fold count before reading anything', async () => {
    const { program: root, errors } = program();
    await expect(
      root.parseAsync([
        'node',
        'scorebridge',
        'evaluate',
        '--csv',
        csv,
        '--target',
        'Churn',
        '--folds',
        '1.5',
      ]),
    ).rejects.toThrow();
    expect(errors.join('')).toMatch(/integer >= 2/);
  });
});
