import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../app/config/index.ts';
import { featureAdditions } from '../../../../app/config/scoring.ts';
import { featureProvenance, provenanceSummary } from '../../../../app/report/feature-origins.ts';
import { checkFeatureFile } from '../../../../scoring/features/discover/check-file.ts';
import { renderFeatureFile } from '../../../../scoring/features/discover/render-yaml.ts';
import type { DiscoveryReport, ProposedFeature } from '../../../../scoring/features/discover/types.ts';
import { featureSetFor, featureSetOf } from '../../../../scoring/features/feature-set.ts';

const proposal = (
  name: string,
  definition: ProposedFeature['definition'],
  found: string,
): ProposedFeature => ({
  name,
  definition: { ...definition, description: `discovered from ${name}` },
  source: 'event',
  subject: name,
  found,
  coverage: 0.5,
  count: 100,
});

const report: DiscoveryReport = {
  asOf: '2026-11-01T00:00:00.000Z',
  minCoverage: 0.1,
  leakAuc: 0.95,
  entities: [
    {
      entityType: 'contact',
      population: 200,
      proposed: [
        proposal(
          'task_30d',
          { count: 'task', window: '30d', label: 'task events', singular: 'task event' },
          'task: 300 events',
        ),
        proposal(
          'task_on_call_90d',
          {
            count: 'task',
            where: { 'topic: kind': { equals: "on-call: 'night'" } },
            window: '90d',
            label: 'tasks',
          },
          'task.topic: kind = on-call: night # not a comment',
        ),
        proposal(
          'lead_source',
          { property: 'properties.lead_source', label: 'lead source' },
          'properties.lead_source',
        ),
      ],
      dropped: [
        {
          subject: 'properties.crm_id',
          source: 'crm_property',
          reason: 'identifier',
          detail: 'identifier-like: 200 different values',
          coverage: 1,
          count: 200,
        },
      ],
      notes: [],
    },
    { entityType: 'account', population: 50, proposed: [], dropped: [], notes: [] },
  ],
};

describe('the feature file discover writes', () => {
  it('is a valid feature file, with how each feature was found and what was left out as comments', () => {
    const text = renderFeatureFile(report, { listedAs: 'features/discovered.yaml' });
    expect(text).toMatch(/^# Features discovered by `scorebridge features discover` as of 2026-11-01/);
    expect(text).toMatch(/# {5}featureFiles: \[features\/discovered\.yaml\]/);
    expect(text).toMatch(/ {4}# task: 300 events\n {4}task_30d:\n {6}count: task/);
    expect(text).toMatch(/# nothing proposed for accounts/);
    expect(text).toMatch(/# {3}properties\.crm_id: identifier-like: 200 different values/);
    const file = checkFeatureFile(text, 'discovered.yaml');
    expect(file.features.contact.task_on_call_90d?.where).toEqual({
      'topic: kind': { equals: "on-call: 'night'" },
    });
    expect(file.features.contact.lead_source).toEqual({
      property: 'properties.lead_source',
      label: 'lead source',
      description: 'discovered from lead_source',
    });
    expect(file.features.account).toEqual({});
  });

  it('is checked against the features the config already has', () => {
    const text = renderFeatureFile(report, { listedAs: 'discovered.yaml' });
    const broken = {
      contact: { definitions: { ratio_x: { ratio: ['task_30d', 'lead_source'] as [string, string] } } },
    };
    expect(() => checkFeatureFile(text, 'discovered.yaml', broken)).toThrow(/cannot be computed/);
    // Features of the file being rewritten are not the config's own.
    const own = { contact: { ...broken.contact, origins: { ratio_x: 'discovered.yaml' } } };
    expect(() => checkFeatureFile(text, 'discovered.yaml', own, 'discovered.yaml')).not.toThrow();
  });
});

describe('where features came from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-discover-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is recorded per feature in the spec a model stores, without changing the feature set name', () => {
    const definitions = { task_30d: { count: 'task', window: '30d' } };
    const plain = featureSetFor('contact', { definitions });
    const recorded = featureSetFor('contact', {
      definitions,
      origins: { task_30d: 'discovered.yaml', other: 'x' },
    });
    expect(recorded.spec.origins).toEqual({ task_30d: 'discovered.yaml' });
    expect(recorded.name).toBe(plain.name);
    const stored = featureSetOf({
      featureSet: recorded.name,
      featureSpec: recorded.spec,
      entityType: 'contact',
    });
    expect(stored.spec.origins).toEqual({ task_30d: 'discovered.yaml' });
  });

  it('tells built-in, discovered, hand-written and inline features apart', async () => {
    writeFileSync(
      join(dir, 'discovered.yaml'),
      'features:\n  contact:\n    task_30d: { count: task, window: 30d, description: discovered from task events }\n',
    );
    writeFileSync(
      join(dir, 'topics.yaml'),
      'features:\n  contact:\n    notes_90d: { count: note, window: 90d }\n',
    );
    writeFileSync(
      join(dir, 'scorebridge.yaml'),
      'version: 1\nscoring:\n  featureFiles: [discovered.yaml, topics.yaml]\n  features:\n    contact:\n      tier: { property: properties.tier }\n',
    );
    const loaded = await loadConfig(join(dir, 'scorebridge.yaml'), {});
    expect(loaded.featureOrigins?.contact).toEqual({
      tier: 'scoring.features',
      task_30d: 'discovered.yaml',
      notes_90d: 'topics.yaml',
    });
    const set = featureSetFor(
      'contact',
      featureAdditions(loaded.config.scoring, loaded.featureOrigins).contact,
    );
    const provenance = featureProvenance(set);
    expect(provenance.origins.get('login_30d')).toEqual({ kind: 'built-in', where: 'built-in' });
    expect(provenance.origins.get('task_30d')).toEqual({ kind: 'discovered', where: 'discovered.yaml' });
    expect(provenance.origins.get('notes_90d')).toEqual({ kind: 'feature file', where: 'topics.yaml' });
    expect(provenance.origins.get('tier')).toEqual({ kind: 'scoring.features', where: 'scoring.features' });
    expect(provenanceSummary(provenance)).toMatch(
      /^\d+ features: \d+ built-in, 1 discovered, 1 from feature files, 1 from scoring\.features \(discovered\.yaml: 1, topics\.yaml: 1\)$/,
    );
    // A model trained before origins were recorded: built-in by comparison with the catalog.
    const old = featureSetOf({
      featureSet: set.name,
      featureSpec: { ...set.spec, origins: undefined },
      entityType: 'contact',
    });
    expect(featureProvenance(old).origins.get('tier')?.kind).toBe('added');
    expect(featureProvenance(old).origins.get('task_30d')?.kind).toBe('discovered');
    expect(featureProvenance(old).origins.get('login_30d')?.kind).toBe('built-in');
  });

  it('lets discover write a file the config lists before it exists', async () => {
    writeFileSync(join(dir, 'fresh.yaml'), 'version: 1\nscoring:\n  featureFiles: [not-yet.yaml]\n');
    await expect(loadConfig(join(dir, 'fresh.yaml'), {})).rejects.toThrow(/feature file not found/);
    const loaded = await loadConfig(
      join(dir, 'fresh.yaml'),
      {},
      { missingFeatureFilesOk: [join(dir, 'not-yet.yaml')] },
    );
    expect(loaded.config.scoring.featureFiles).toEqual(['not-yet.yaml']);
  });
});
