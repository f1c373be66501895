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

  it('exits 2 naming the file when --positive leaves one class (previously exit 1, no file name)', async () => {
    const oneClass = path.join(mkdtempSync(path.join(tmpdir(), 'scorebridge-eval-')), 'won.csv');
    writeFileSync(oneClass, ['x,won', ...Array.from({ length: 30 }, (_, i) => `${i},Yes`)].join('\n'));
    const { program: root, errors } = program();
    const failure = await root
      .parseAsync([
        'node',
        'scorebridge',
        'evaluate',
        '--csv',
        oneClass,
        '--target',
        'won',
        '--positive',
        'Yes',
      ])
      .then(
        () => undefined,
        (e: unknown) => e as { exitCode?: number },
      );
    expect(failure?.exitCode).toBe(2);
    expect(errors.join('')).toContain(`${oneClass}: target 'won' is 'Yes' in all 30 rows`);
  });

  it('exits 2 naming the file when a class is too small for the folds', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'scorebridge-eval-')), 'rare.csv');
    writeFileSync(
      file,
      ['x,won', ...Array.from({ length: 40 }, (_, i) => `${i},${i < 2 ? 'Yes' : 'No'}`)].join('\n'),
    );
    const { program: root, errors } = program();
    const failure = await root
      .parseAsync(['node', 'scorebridge', 'evaluate', '--csv', file, '--target', 'won', '--folds', '5'])
      .then(
        () => undefined,
        (e: unknown) => e as { exitCode?: number },
      );
    expect(failure?.exitCode).toBe(2);
    expect(errors.join('')).toMatch(
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: target 'won' has 2 rows matching the positive value and 38 others; each outcome needs at least 5 rows for 5 folds`,
      ),
    );
  });

  it('runs an out-of-time test with --time-column, reads "1,234.5" numbers, and recalibrates on recent outcomes', async () => {
    const rng = new Rng(3);
    const lines = ['signup;spend;Churn'];
    for (let i = 0; i < 600; i++) {
      const spend = 500 + 2000 * rng.nextFloat();
      const z = (spend - 1500) / 400 - 1 + (1.5 * i) / 600;
      const day = new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      const written = spend.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
      lines.push(`${day};${written};${rng.nextFloat() < 1 / (1 + Math.exp(-z)) ? 'Yes' : 'No'}`);
    }
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'scorebridge-eval-')), 'dated.csv');
    writeFileSync(file, lines.join('\n'));
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const args = ['node', 'scorebridge', 'evaluate', '--csv', file, '--delimiter', ';', '--target', 'Churn'];
    await program().program.parseAsync([
      ...args,
      '--model',
      'logistic',
      '--time-column',
      'signup',
      '--recalibrate-recent',
      '25%',
    ]);
    const text = written.join('');
    expect(text).toMatch(/600 rows, 1 features/);
    expect(text).toMatch(
      /warning: column 'spend' read as numbers with '\.' as decimal and ',' as thousands separator/,
    );
    expect(text).toMatch(
      /out-of-time test on 'signup': trained on the earliest 480 rows, tested on the latest 120; .*latest 25% of training rows/,
    );
    expect(text).toMatch(/ECE: average gap between predicted probability and observed rate/);
    written.length = 0;
    await program().program.parseAsync([
      ...args,
      '--time-column',
      'signup',
      '--test-fraction',
      '0.3',
      '--json',
    ]);
    const parsed = JSON.parse(written.join(''));
    expect(parsed.validation).toBe('out-of-time');
    expect(parsed.folds[0].testRows).toBe(180);
    expect(parsed.folds[0].selection).toBe('forward');
    expect(parsed.summary.rocAuc.mean).toBeGreaterThan(0.8);
    expect(parsed.dataset.timeColumn).toBe('signup');
  });

  it('refuses --recalibrate-recent without --time-column (exit 2)', async () => {
    const { program: root, errors } = program();
    const failure = await root
      .parseAsync([
        'node',
        'scorebridge',
        'evaluate',
        ...common,
        '--target',
        'Churn',
        '--recalibrate-recent',
        '0.2',
      ])
      .then(
        () => undefined,
        (e: unknown) => e as { exitCode?: number },
      );
    expect(failure?.exitCode).toBe(2);
    expect(errors.join('')).toMatch(/--recalibrate-recent needs --time-column/);
  });
});
