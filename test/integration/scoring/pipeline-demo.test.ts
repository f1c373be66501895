import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/clock.ts';
import { scoreAll } from '../../../scoring/batch/score-all.ts';
import type { TrainedBinaryModel } from '../../../scoring/models/binary-trainer.ts';
import { DEFAULT_MODEL_SPECS } from '../../../scoring/models/model-specs.ts';
import { trainAndRegisterBinary } from '../../../scoring/models/register-binary.ts';
import { modelRegistryMigrations } from '../../../scoring/registry/migration.ts';
import { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import { DEMO_AS_OF, type DemoStore, demoStore } from '../../helpers/scoring-pipeline/demo-store.ts';

/**
 * The whole pipeline on the generated B2B demo business, imported like `scorebridge sync` does:
 * lead and churn models trained as of the demo's "now", judged on the latest fully observed
 * 90 days they never saw. The generator's churn and conversion hazards depend on behaviour the
 * features can see, so both models must rank well above chance.
 */
describe('scoring pipeline on demo data', () => {
  let demo: DemoStore;
  let registry: ModelRegistry;
  const trained: Record<string, TrainedBinaryModel> = {};

  beforeAll(async () => {
    demo = await demoStore({ contacts: 1500, seed: 7, extraMigrations: modelRegistryMigrations });
    registry = ModelRegistry.of(demo.store, new FixedClock(DEMO_AS_OF));
    for (const [name, kind] of [
      ['lead_score', 'lead'],
      ['churn_risk', 'churn'],
    ] as const) {
      trained[kind] = (
        await trainAndRegisterBinary(await demo.features(), registry, { name, kind, asOf: DEMO_AS_OF })
      ).trained;
    }
  });
  afterAll(async () => demo?.cleanup());

  it('ranks churn well above chance on the out-of-time holdout', () => {
    const { holdout } = trained.churn!.metrics;
    expect(holdout.positives).toBeGreaterThan(3);
    expect(holdout.rocAuc).toBeGreaterThan(0.7);
    expect(holdout.lift.bands[0]!.lift).toBeGreaterThan(2);
  });

  it('ranks lead conversion well above chance on the out-of-time holdout', () => {
    const { holdout } = trained.lead!.metrics;
    expect(holdout.positives).toBeGreaterThan(10);
    expect(holdout.rocAuc).toBeGreaterThan(0.7);
    expect(holdout.ece).toBeLessThan(0.1);
  });

  it('scores every paying account and open lead with reasons', async () => {
    const specs = DEFAULT_MODEL_SPECS.filter((s) => s.kind === 'lead' || s.kind === 'churn');
    const results = await scoreAll(demo.store, registry, await demo.features(), { asOf: DEMO_AS_OF, specs });
    for (const result of results) {
      expect(result.version).toBe(1);
      expect(result.scored).toBeGreaterThan(50);
    }
    const summary = registry.latestRun('churn_risk')?.summary as
      | { drift: { features: unknown[] } }
      | undefined;
    expect(summary?.drift.features.length).toBeGreaterThan(50);
  });

  it('measures no drift on a first score of the data the models were trained on', () => {
    for (const name of ['lead_score', 'churn_risk']) {
      const { drift } = registry.latestRun(name)!.summary as DriftSummary;
      expect(drift.score.status, name).toBe('ok');
      expect(drift.score.psi, name).toBeLessThan(0.01);
      expect(drift.alert, name).toBe(0);
      expect(drift.warn, name).toBe(0);
    }
  });

  it('still alerts on a real shift: scored two months past the end of the data', async () => {
    const specs = DEFAULT_MODEL_SPECS.filter((s) => s.kind === 'churn');
    const later = new Date(Date.parse(DEMO_AS_OF) + 60 * 86_400_000).toISOString();
    await scoreAll(demo.store, registry, await demo.features(), { asOf: later, specs });
    const { drift } = registry.latestRun('churn_risk')!.summary as DriftSummary;
    expect(drift.alert + (drift.score.status === 'alert' ? 1 : 0)).toBeGreaterThan(0);
  });
});

interface DriftSummary {
  readonly drift: {
    readonly score: { readonly psi: number; readonly status: string };
    readonly alert: number;
    readonly warn: number;
  };
}
