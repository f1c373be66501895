import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo, ExitCode } from '../../../../cli/commands/command-io.ts';
import { runReport } from '../../../../cli/commands/report.ts';
import { runScore } from '../../../../cli/commands/score.ts';
import type { ScoringCommandDeps } from '../../../../cli/commands/scoring-context.ts';
import { runTrain } from '../../../../cli/commands/train.ts';
import { FixedClock } from '../../../../core/clock.ts';
import type { ModelSpec } from '../../../../scoring/models/model-specs.ts';
import { modelRegistryMigrations } from '../../../../scoring/registry/migration.ts';
import { percentileTierRule } from '../../../../scoring/tiers/index.ts';
import { fixtureStore } from '../../../helpers/scoring-pipeline/fixture-store.ts';
import { SYNTHETIC_AS_OF, syntheticBusiness } from '../../../helpers/scoring-pipeline/synthetic-business.ts';

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

const specs: ModelSpec[] = [
  {
    name: 'lead_score',
    kind: 'lead',
    entity: 'contact',
    horizonDays: 90,
    enabled: true,
    learner: 'boosting',
  },
  {
    name: 'churn_risk',
    kind: 'churn',
    entity: 'account',
    horizonDays: 90,
    enabled: true,
    learner: 'boosting',
    tiers: percentileTierRule(10, 30),
  },
  { name: 'lifetime_value', kind: 'ltv', entity: 'account', horizonDays: 365, enabled: true },
  { name: 'next_best_action', kind: 'nba', entity: 'account', horizonDays: 30, enabled: true },
];

describe('train, score and report commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
  const storePath = join(dir, 'store.db');
  const progress: { task: string; done: number; total: number | undefined }[] = [];
  const deps: ScoringCommandDeps = {
    clock: new FixedClock('2026-06-01T08:00:00Z'),
    specs,
    progress: (task, done, total) => progress.push({ task, done, total }),
  };

  beforeAll(async () => {
    const store = await fixtureStore(syntheticBusiness(), {
      now: SYNTHETIC_AS_OF,
      path: storePath,
      extraMigrations: modelRegistryMigrations,
    });
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains every model, scores with the promoted ones and writes an HTML report with charts', async () => {
    const train = captureIo();
    await runTrain(
      { config: 'config/scorebridge.yaml', model: 'all', store: storePath, asOf: SYNTHETIC_AS_OF },
      deps,
      train,
    );
    expect(train.err).toEqual([]);
    expect(train.code()).toBe(0);
    const trained = train.out.join('\n');
    for (const name of ['lead_score', 'churn_risk', 'lifetime_value', 'next_best_action'])
      expect(trained).toMatch(new RegExp(`${name}\\s+v1\\s+promoted`));
    expect(progress.some((p) => p.task === 'churn: reading features')).toBe(true);
    // Every task with a size ends exactly at it, and none counts past it.
    const last = new Map(progress.map((p) => [p.task, p]));
    for (const p of progress) if (p.total !== undefined) expect(p.done, p.task).toBeLessThanOrEqual(p.total);
    for (const [task, p] of last) if (p.total !== undefined) expect(p.done, task).toBe(p.total);
    expect([...last.keys()]).toContain('churn: fitting gradient boosting');

    const score = captureIo();
    await runScore(
      {
        config: 'config/scorebridge.yaml',
        model: 'all',
        store: storePath,
        asOf: SYNTHETIC_AS_OF,
        json: true,
      },
      deps,
      score,
    );
    expect(score.code()).toBe(0);
    const scored = JSON.parse(score.out.join('')) as { models: { name: string; scored: number }[] };
    for (const model of scored.models) expect(model.scored).toBeGreaterThan(0);

    const html = join(dir, 'report.html');
    const report = captureIo();
    await runReport(
      { config: 'config/scorebridge.yaml', model: 'all', store: storePath, html },
      deps,
      report,
    );
    expect(report.code()).toBe(0);
    const text = report.out.join('\n');
    expect(text).toMatch(/lift \/ gains by decile/);
    expect(text).toMatch(/drift on the last scoring run/);
    // Each model says how its tiers were decided: the churn model by percentile, with the boundaries.
    expect(text).toMatch(
      /Tiers by percentile of the \d+ scored: high = top 10 % \(probability [\d.]+ % and up\), medium = next 30 % \(probability [\d.]+ % and up\), low = other 60 %; \d+ high, \d+ medium, \d+ low on the run as of 2026-06-01\./,
    );
    expect(text).toContain('Tiers by score: high = 71–100, medium = 41–70, low = 0–40;');
    const page = readFileSync(html, 'utf8');
    expect(page.match(/<svg /g)?.length).toBe(6);
    expect(page).toContain('Calibration: predicted vs observed');
    expect(page).toMatch(/class="calibration-point"/);
    expect(page).toMatch(/class="gain-point"/);
    expect(page).toMatch(/class="distribution-bar"/);
    expect(page).not.toMatch(/<script|<link|src=/);
    expect(page).toContain('Tiers by percentile of the');
  });

  it('reports a bad --store as a runtime failure with a message', async () => {
    const io = captureIo();
    await runReport(
      { config: 'config/scorebridge.yaml', model: 'all', store: join(dir, 'missing', 'dir', 'x.db') },
      { ...deps, openStore: async () => Promise.reject(new Error('cannot open store')) },
      io,
    );
    expect(io.code()).toBe(1);
    expect(io.err.join('')).toMatch(/cannot open store/);
  });
});
