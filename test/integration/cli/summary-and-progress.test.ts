import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productMigrations } from '../../../app/store.ts';
import { collectRunSummary, type RunSummary } from '../../../app/summary/run-summary.ts';
import type { CommandIo, ExitCode } from '../../../cli/commands/command-io.ts';
import { printRunSummary } from '../../../cli/commands/print-summary.ts';
import { openConfiguredSession } from '../../../cli/commands/scoring-context.ts';
import { DEMO_AS_OF, type DemoStore, demoStore } from '../../helpers/scoring-pipeline/demo-store.ts';

const MAIN = path.resolve(import.meta.dirname, '..', '..', '..', 'cli', 'main.ts');

/** The real entry point with stderr a pipe, as in CI or cron: no terminal, so no bars. */
function cli(args: string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC' };
  delete env.CI;
  delete env.SCOREBRIDGE_LOG_FORMAT;
  const result = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', env });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function captureIo(): CommandIo & { out: string[]; err: string[]; code: () => ExitCode | undefined } {
  const out: string[] = [];
  const err: string[] = [];
  let code: ExitCode | undefined;
  return {
    out,
    err,
    code: () => code,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    setExitCode: (c) => {
      code = c;
    },
  };
}

/** "✓ task: what in time" lines: each task reports once when it finishes. */
function finished(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('✓ '));
}

// Escape sequences and carriage returns: what redrawn bars are made of.
// Built from a string: biome refuses control characters in a regex literal.
const CONTROL = new RegExp(`[${String.fromCharCode(27)}\r]`);

describe('train and score without a terminal, then the summary people read', () => {
  let demo: DemoStore;
  let config: string;

  beforeAll(async () => {
    demo = await demoStore({ contacts: 600, seed: 3, extraMigrations: productMigrations, badRowsRate: 0.01 });
    await demo.store.close();
    config = path.join(demo.dir, 'scorebridge.yaml');
    writeFileSync(
      config,
      ['version: 1', 'store:', `  path: ${JSON.stringify(demo.storePath)}`, 'connectors: {}', ''].join('\n'),
    );
  });
  afterAll(async () => demo.cleanup().catch(() => {}));

  it('reports progress as plain lines, every task reaching its total', () => {
    const train = cli(['train', '-c', config, '--as-of', DEMO_AS_OF, '--seed', '1'], demo.dir);
    expect(train.err).not.toMatch(CONTROL);
    expect(train.code, train.err).toBe(0);
    const score = cli(['score', '-c', config, '--as-of', DEMO_AS_OF], demo.dir);
    expect(score.code, score.err).toBe(0);
    expect(score.err).not.toMatch(CONTROL);

    const lines = [...finished(train.err), ...finished(score.err)];
    const tasks = lines.map((line) => line.slice(2, line.indexOf(': ', 2)));
    expect(tasks).toEqual(
      expect.arrayContaining([
        'lead: reading features',
        'lead: fitting logistic regression, 1 of 3',
        'lead: fitting gradient boosting, 2 of 3',
        'lead: fitting random forest, 3 of 3',
        'churn: reading features',
        'ltv: purchase histories',
        'scoring contacts',
        'scoring accounts',
      ]),
    );
    // A task that stopped short of its total would say "x of y": none does.
    for (const line of lines) expect(line).not.toMatch(/ of [\d,]+ \(\d+%\)/);
  });

  it('names the hottest leads and riskiest accounts with their reason, in words', async () => {
    const io = captureIo();
    const json = await printRunSummary({ config }, io);
    const text = io.out.join('\n');
    expect(io.err).toEqual([]);

    const session = await openConfiguredSession({ config }, {}, {});
    let summary: RunSummary;
    try {
      summary = await collectRunSummary({
        store: session.store,
        registry: session.registry,
        specs: session.specs,
      });
    } finally {
      await session.close();
    }
    expect(json).toEqual(summary);
    const lead = summary.models.find((m) => m.kind === 'lead')!;
    const churn = summary.models.find((m) => m.kind === 'churn')!;
    expect(lead.top).toHaveLength(5);
    expect(churn.top).toHaveLength(5);

    expect(text).toContain('Hottest leads:');
    expect(text).toContain('Riskiest accounts:');
    for (const entry of [...lead.top, ...churn.top]) {
      expect(text).toContain(entry.name);
      expect(entry.reason).toBeTruthy();
      expect(text).toContain(entry.reason!);
      // Names, not ids.
      expect(text).not.toContain(entry.id);
    }
    // Every metric shown is explained where it is shown.
    expect(text).toMatch(/ROC-AUC 0\.\d\d; 0\.50 is a coin toss/);
    expect(text).toMatch(/PR-AUC 0\.\d\d\)/);
    expect(text).toMatch(/calibration error 0\.\d{3}/);
    expect(text).toMatch(/score PSI \d+\.\d\d; under 0\.10 is stable/);
    // The quarantined rows once, and identity matches explained beside CRM merges.
    expect(text.match(/could not be imported/g)).toHaveLength(1);
    expect(text).toMatch(/joined to that contact, so nobody appears twice/);
    expect(text).toMatch(/No records were merged by a CRM/);
    // Words, not JSON.
    expect(text).not.toMatch(/[{}]|":/);
    expect(text).toContain('What to do next');
    expect(text).toContain('http://127.0.0.1:8080/dashboard');
  });

  it('prints the same summary as JSON with --json', async () => {
    const io = captureIo();
    await printRunSummary({ config, json: true }, io);
    const parsed = JSON.parse(io.out.join('')) as RunSummary;
    expect(parsed.asOf).toBe(DEMO_AS_OF);
    expect(parsed.data.contacts).toBeGreaterThan(500);
    expect(parsed.models.map((m) => m.kind)).toEqual(['lead', 'churn', 'ltv', 'nba']);
    expect(parsed.models[0]!.quality!.rocAuc).toBeGreaterThan(0.5);
  });
});
