import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { collectReports } from '../../../../app/report/report-data.ts';
import { productMigrations } from '../../../../app/store.ts';
import type { CommandIo, ExitCode } from '../../../../cli/commands/command-io.ts';
import { runFeaturesDiscover } from '../../../../cli/commands/features-discover.ts';
import { runReport } from '../../../../cli/commands/report.ts';
import type { ScoringCommandDeps } from '../../../../cli/commands/scoring-context.ts';
import { runTrain } from '../../../../cli/commands/train.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { openSqliteStore } from '../../../../core/store/sqlite/index.ts';
import { discoverFeatures } from '../../../../scoring/features/discover/discover.ts';
import type { DiscoveryReport, EntityDiscovery } from '../../../../scoring/features/discover/types.ts';
import { featureFileSchema } from '../../../../scoring/features/vocabulary/schema.ts';
import { specsFromConfig } from '../../../../scoring/models/model-specs.ts';
import { ModelRegistry } from '../../../../scoring/registry/model-registry.ts';
import { DEMO_AS_OF, type DemoStore, demoStore } from '../../../helpers/scoring-pipeline/demo-store.ts';
import { type Enrichment, enrichDemoStore } from '../../../helpers/scoring-pipeline/enrichment.ts';

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

const CONFIG = `version: 1
store:
  path: store.db
scoring:
  featureFiles: [discovered.yaml]
  models:
    lead_score: { kind: lead, entity: contact, horizonDays: 90 }
    churn_risk: { kind: churn, entity: account, horizonDays: 90 }
`;

/**
 * `scorebridge features discover` on the generated demo business plus a second system's records
 * (test/helpers/scoring-pipeline/enrichment.ts): what it proposes, what it leaves out and why, and
 * the file it writes, trained on and reported.
 */
describe('features discover on the demo store', () => {
  let demo: DemoStore;
  let enrichment: Enrichment;
  let report: DiscoveryReport;
  const of = (entityType: string): EntityDiscovery =>
    report.entities.find((e) => e.entityType === entityType)!;
  const dropped = (entityType: string, subject: string) =>
    of(entityType).dropped.find((d) => d.subject === subject);
  const proposed = (entityType: string, name: string) => of(entityType).proposed.find((p) => p.name === name);

  beforeAll(async () => {
    demo = await demoStore({ contacts: 400, extraMigrations: productMigrations });
    enrichment = await enrichDemoStore(demo.store, await demo.features(), DEMO_AS_OF);
    report = await discoverFeatures(await demo.features(), {
      entityTypes: ['contact', 'account'],
      asOfMs: Date.parse(DEMO_AS_OF),
    });
  }, 120_000);
  afterAll(async () => demo?.cleanup());

  it('proposes counts, recency, a trend and filtered counts of an event the catalog does not read', () => {
    expect(enrichment.tasks).toBeGreaterThan(500);
    for (const name of ['task_30d', 'task_90d', 'days_since_last_task', 'task_trend_30_30'])
      expect(proposed('contact', name)?.source).toBe('event');
    expect(proposed('contact', 'task_30d')?.definition).toMatchObject({ count: 'task', window: '30d' });
    expect(proposed('contact', 'task_onboarding_90d')?.definition).toMatchObject({
      count: 'task',
      where: { topic: { equals: 'onboarding' } },
      window: '90d',
    });
    expect(proposed('account', 'task_people_90d')?.definition).toMatchObject({
      distinct: 'person',
      events: 'task',
    });
    // What the catalog computes for the same event and window is not proposed again.
    expect(proposed('contact', 'login_30d')).toBeUndefined();
    expect(dropped('contact', 'login')?.detail).toMatch(/already computed: login_30d \(built-in\)/);
    expect(dropped('contact', 'page_view.page = /pricing')?.detail).toMatch(/pricing_page_views_90d/);
  });

  it('proposes CRM properties as numbers and categories, measured free of leakage', () => {
    expect(proposed('contact', 'lead_source')?.definition).toMatchObject({
      property: 'properties.lead_source',
    });
    expect(proposed('contact', 'lead_source')?.definition.type).toBeUndefined();
    expect(proposed('contact', 'web_score')?.definition).toMatchObject({
      property: 'properties.web_score',
      type: 'number',
    });
    expect(proposed('contact', 'web_score')?.leak?.auc).toBeLessThan(0.7);
    expect(proposed('account', 'region')?.definition).toMatchObject({ property: 'properties.region' });
    // An outcome-like name only raises the bar it must clear; measured clean, it is kept with a note.
    expect(proposed('contact', 'signup_stage')?.note).toMatch(
      /name suggests an outcome, but it measured AUC 0\.\d\d/,
    );
  });

  it('leaves out identifiers, constants, sparse and leaking properties, saying what was measured', () => {
    expect(dropped('contact', 'properties.crm_uuid')).toMatchObject({ reason: 'identifier' });
    expect(dropped('contact', 'properties.secondary_email')?.detail).toMatch(/look like e-mail addresses/);
    expect(dropped('account', 'properties.account_number')).toMatchObject({ reason: 'identifier' });
    expect(dropped('contact', 'properties.region_code')?.detail).toMatch(/^constant: .* all have 'EU'/);
    expect(dropped('contact', 'properties.fax')?.detail).toMatch(
      /^too sparse: \d+ of \d+ contacts \(\d%\), min 10%/,
    );

    const stage = dropped('contact', 'properties.deal_stage')!;
    expect(stage.reason).toBe('leak');
    expect(stage.detail).toMatch(
      /tells contacts that converted before 2026-11-01 \([\d,]+\) from the others/,
    );
    expect(stage.detail).toMatch(
      /AUC 1\.00 by its values \(bar AUC 0\.85, lowered because the name suggests/,
    );
    // A plain name gets the plain bar, and is dropped all the same: the measurement decides.
    expect(dropped('contact', 'properties.tier')?.detail).toMatch(
      /AUC 1\.00 by its values \(bar AUC 0\.95\)/,
    );
    const churn = dropped('account', 'properties.churn_reason')!;
    expect(churn.reason).toBe('leak');
    expect(churn.detail).toMatch(
      /has a value for 100% of accounts that churned before 2026-11-01 \([\d,]+\) and 0% of the others/,
    );
    expect(churn.leak?.onlyWithOutcome).toBe(true);
  });

  it('writes a feature file that trains with the built-in features and shows in the report', async () => {
    await demo.store.close();
    const configFile = join(demo.dir, 'scorebridge.yaml');
    writeFileSync(configFile, CONFIG);
    const deps: ScoringCommandDeps = {
      clock: new FixedClock(DEMO_AS_OF),
      progress: () => {},
      analytics: { threads: 1 },
    };
    const file = join(demo.dir, 'discovered.yaml');
    const discover = captureIo();
    await runFeaturesDiscover({ config: configFile, asOf: DEMO_AS_OF, write: file }, deps, discover);
    expect(discover.err).toEqual([]);
    expect(discover.code()).toBe(0);
    const printed = discover.out.join('\n');
    expect(printed).toMatch(/contacts: \d+ live; \d+ features proposed/);
    expect(printed).toMatch(/properties\.deal_stage\s+100%\s+leaks the outcome/);
    expect(printed).toMatch(/scoring\.featureFiles already lists discovered\.yaml/);

    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/# task: [\d,]+ events of \d+ of \d+ contacts/);
    expect(text).toMatch(/#\s+properties\.crm_uuid: identifier-like/);
    const written = featureFileSchema.parse(parse(text));
    expect(written.features.contact.task_30d).toMatchObject({ label: 'task events', singular: 'task event' });
    expect(written.features.contact.task_30d?.description).toBe('discovered from task events');
    expect(Object.keys(written.features.contact)).not.toContain('deal_stage');

    const train = captureIo();
    await runTrain({ config: configFile, model: 'all', asOf: DEMO_AS_OF }, deps, train);
    expect(train.err).toEqual([]);
    expect(train.code()).toBe(0);
    expect(train.out.join('\n')).toMatch(/lead_score\s+v1\s+promoted/);

    const shown = captureIo();
    await runReport({ config: configFile, model: 'lead' }, deps, shown);
    expect(shown.code()).toBe(0);
    const lead = shown.out.join('\n');
    const discovered = Object.keys(written.features.contact).length;
    expect(lead).toMatch(
      new RegExp(
        `\\d+ features: \\d+ built-in, ${discovered} discovered \\(discovered\\.yaml: ${discovered}\\)`,
      ),
    );
    expect(lead).toMatch(/feature\s+origin\s+meaning\s+mean \|SHAP\|/);

    // The origin of every feature the model ranks comes from the spec stored with the model.
    const store = await openSqliteStore({
      path: join(demo.dir, 'store.db'),
      clock: deps.clock!,
      extraMigrations: productMigrations,
    });
    try {
      const specs = specsFromConfig({
        lead_score: { kind: 'lead', entity: 'contact', horizonDays: 90, enabled: true },
      });
      const [model] = collectReports(ModelRegistry.of(store, deps.clock!), specs);
      const origins = model!.features!.origins;
      expect(origins.get('task_30d')).toEqual({ kind: 'discovered', where: 'discovered.yaml' });
      expect(origins.get('login_30d')).toEqual({ kind: 'built-in', where: 'built-in' });
      const ranked = (model!.promoted!.metrics as { importance: { feature: string }[] }).importance;
      const firstDiscovered = ranked.findIndex((f) => origins.get(f.feature)?.kind === 'discovered');
      expect(firstDiscovered).toBeGreaterThanOrEqual(0);
    } finally {
      await store.close();
    }
  }, 240_000);
});
