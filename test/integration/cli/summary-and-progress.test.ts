import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productMigrations } from '../../../app/store.ts';
import { collectRunSummary, type RunSummary } from '../../../app/summary/run-summary.ts';
import type { CommandIo, ExitCode } from '../../../cli/commands/command-io.ts';
import { printRunSummary } from '../../../cli/commands/print-summary.ts';
import { openConfiguredSession } from '../../../cli/commands/scoring-context.ts';
import { runServe } from '../../../cli/commands/serve.ts';
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
    // "✓ lead: reading features: 6,226 in 1 s"; a one-step task has no count.
    const tasks = lines.map((line) => line.match(/^✓ (.+?)(?:: [\d,]+)? in \d/)?.[1]);
    // Each task finishes once: nothing reports past its end and starts over.
    expect(new Set(tasks).size, tasks.join('\n')).toBe(tasks.length);
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

  it('prints one JSON document on stdout, and nothing else there, with --json', () => {
    const json = (...args: string[]) => {
      const result = cli([...args, '-c', config, '--json'], demo.dir);
      expect(result.code, `${args[0]}: ${result.err}`).toBe(0);
      // JSON.parse refuses any text before or after the document.
      return JSON.parse(result.out) as Record<string, unknown>;
    };
    const score = json('score', '--as-of', DEMO_AS_OF) as {
      asOf: string;
      models: { name: string; scored: number }[];
    };
    expect(score.asOf).toBe(DEMO_AS_OF);
    expect(score.models.map((m) => m.name)).toEqual([
      'lead_score',
      'churn_risk',
      'lifetime_value',
      'next_best_action',
    ]);
    for (const model of score.models) expect(model.scored, model.name).toBeGreaterThan(0);

    const status = json('status');
    expect(Object.keys(status)).toEqual(expect.arrayContaining(['counts', 'streams']));
    const report = json('report') as unknown as unknown[];
    expect(report).toHaveLength(4);
    const rows = json('sql', 'SELECT COUNT(*) AS n FROM scorebridge_latest_scores') as unknown as {
      n: number;
    }[];
    expect(rows[0]!.n).toBeGreaterThan(500);
    // A config with a problem: exit 2, and the located issue in the JSON rather than on stderr.
    const invalid = cli(['validate', '-c', config, '--json'], demo.dir);
    expect(invalid.code).toBe(2);
    expect(JSON.parse(invalid.out)).toMatchObject({
      valid: false,
      issues: [{ message: 'workflow folder not found', hint: expect.stringContaining('workflows.dir') }],
    });
    mkdirSync(path.join(demo.dir, 'workflows'), { recursive: true });
    expect(json('validate')).toMatchObject({ valid: true, workflows: 0, issues: [] });

    // The main job: its steps report on stderr, its summary is the JSON on stdout. The demo data is
    // weeks old by the wall clock, so `run` goes ahead only with --force, and says so on stderr.
    const run = cli(['run', '--no-sync', '--as-of', DEMO_AS_OF, '-c', config, '--json', '--force'], demo.dir);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toContain('--force: going ahead although');
    const summary = JSON.parse(run.out) as RunSummary;
    expect(Object.keys(summary)).toEqual(['asOf', 'data', 'models', 'workflows']);
    expect(summary.models.find((m) => m.kind === 'churn')!.top[0]).toMatchObject({
      entityType: 'account',
      name: expect.any(String),
      reason: expect.any(String),
    });
    expect(run.err).toContain('scored as of');
  });

  it('serve --json says where it listens and that it stopped, one JSON line each', async () => {
    const io = captureIo();
    await runServe({ config, port: 0, json: true }, { untilStopped: async () => {} }, io);
    expect(io.err).toEqual(['stopping: finishing in-flight requests']);
    const [listening, stopped, ...rest] = io.out.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(listening).toEqual({
      listening: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      dashboard: `${listening!.listening as string}/dashboard`,
      engine: false,
      workers: 1,
    });
    expect(stopped).toEqual({ stopped: true });
    expect(rest).toEqual([]);
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

    expect(text).toContain('Hottest leads, with the reason that raises their score most:');
    expect(text).toContain('Riskiest accounts, with the reason that raises their risk most:');
    // Lines wrap at 100 columns: compare the words, not where the lines break.
    const words = text.replace(/\s+/g, ' ');
    for (const entry of [...lead.top, ...churn.top]) {
      expect(words).toContain(entry.name);
      expect(entry.reason).toBeTruthy();
      expect(words).toContain(entry.reason!);
      // Names, not ids.
      expect(text).not.toContain(entry.id);
    }
    // Every metric shown is explained where it is shown.
    expect(words).toMatch(/ROC-AUC 0\.\d\d; 0\.50 is a coin toss/);
    expect(words).toMatch(/PR-AUC 0\.\d\d\)/);
    expect(words).toMatch(/calibration error 0\.\d{3}/);
    expect(words).toMatch(/score PSI \d+\.\d\d; under 0\.10 is stable/);
    // The quarantined rows once, and identity matches explained beside CRM merges.
    expect(text.match(/could not be imported/g)).toHaveLength(1);
    expect(words).toMatch(/joined to that contact, so nobody appears twice/);
    expect(words).toMatch(/No records were merged by a CRM/);
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
