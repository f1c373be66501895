import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, starterConfig } from '../../../app/config/index.ts';
import { ConfigError } from '../../../core/config/index.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'scorebridge-config-'));

async function load(text: string, env: Record<string, string> = {}) {
  const file = path.join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return { file, loaded: await loadConfig(file, env) };
}

async function problems(text: string): Promise<string[]> {
  try {
    await load(text);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Temp files are shown as absolute paths; keep only "name.yaml:line:col" for readable assertions.
    return error
      .format()
      .split('\n')
      .map((line) => line.replace(/\([^()]*\/(c[a-z0-9]+\.yaml)/, '(file.yaml'));
  }
  throw new Error('expected the config to be rejected');
}

describe('scorebridge config', () => {
  it('fills every default and resolves paths against the config folder', async () => {
    const { loaded } = await load('version: 1\n');
    const { config } = loaded;
    expect(config.store.path).toBe(path.join(dir, 'var', 'scorebridge.db'));
    expect(config.workflows.dir).toBe(path.join(dir, 'workflows'));
    expect(config.identity).toEqual({ systemPriority: [], emailNormalization: { gmailDotsAndPlus: true } });
    expect(config.schedules).toEqual({ timezone: 'UTC' });
    expect(config.scoring.tiers).toEqual([
      { name: 'low', min: 0, max: 40 },
      { name: 'medium', min: 41, max: 70 },
      { name: 'high', min: 71, max: 100 },
    ]);
    expect(Object.keys(config.scoring.models)).toEqual([
      'lead_score',
      'churn_risk',
      'lifetime_value',
      'next_best_action',
    ]);
    expect(loaded.summary).toEqual({ connectors: 0, streams: 0 });
  });

  it('spells out the defaults in the starter config', async () => {
    const defaults = (await load('version: 1\n')).loaded.config;
    const starter = (await load(starterConfig())).loaded.config;
    // One noted exception: churn_risk is tiered by percentile, as the shipped retention playbook expects.
    expect(starter.scoring).toEqual({
      ...defaults.scoring,
      models: {
        ...defaults.scoring.models,
        churn_risk: {
          ...defaults.scoring.models.churn_risk,
          tiers: { by: 'percentile', shares: { high: 10, medium: 30, low: 60 } },
        },
      },
    });
    expect(starter.identity.emailNormalization).toEqual(defaults.identity.emailNormalization);
    expect(starter.workflows).toEqual(defaults.workflows);
    expect(starter.safety).toEqual(defaults.safety);
    expect(starter.schedules.timezone).toBe(defaults.schedules.timezone);
    expect(starterConfig().split('\n')[0]).toBe(
      '# yaml-language-server: $schema=./schema/scorebridge.schema.json',
    );
  });

  it('suggests the connector type for a typo, at its exact position', async () => {
    const text = starterConfig().replace('type: file', 'type: flie');
    const line = text.split('\n').findIndex((l) => l.includes('type: flie')) + 1;
    expect(await problems(text)).toEqual([
      `unknown type 'flie' at connectors.demo_files.type (file.yaml:${line}:11); did you mean 'file'?`,
    ]);
  });

  it('requires systemPriority to name configured connectors', async () => {
    const text =
      'version: 1\nidentity:\n  systemPriority: [demo_flies]\nconnectors:\n  demo_files:\n    type: file\n    streams:\n      c: { kind: contact, path: c.csv }\n';
    expect(await problems(text)).toEqual([
      "unknown connector 'demo_flies' at identity.systemPriority[0] (file.yaml:3:20); did you mean 'demo_files'?",
    ]);
  });

  it('reports a reference problem together with unrelated ones', async () => {
    const text = 'version: 1\nidentity:\n  systemPriority: [crm]\nstore:\n  path: 3\n';
    const found = await problems(text);
    expect(found).toEqual([
      "unknown connector 'crm' at identity.systemPriority[0] (file.yaml:3:20); no connectors are configured",
      'expected a string, got a number at store.path (file.yaml:5:9)',
    ]);
  });

  it('requires tiers to cover 0..100 without gaps or overlaps', async () => {
    const gap = await problems(
      'version: 1\nscoring:\n  tiers:\n    low: [0, 39]\n    medium: [41, 70]\n    high: [71, 100]\n',
    );
    expect(gap).toEqual([
      "tier 'medium' leaves a gap after 'low' (0-39) at scoring.tiers.medium (file.yaml:5:13); start 'medium' at 40",
    ]);
    const overlap = await problems('version: 1\nscoring:\n  tiers:\n    low: [0, 50]\n    high: [45, 99]\n');
    expect(overlap).toEqual([
      "tier 'high' overlaps 'low' (0-50) at scoring.tiers.high (file.yaml:5:11); start 'high' at 51",
      "highest tier 'high' must end at 100, ends at 99 at scoring.tiers.high (file.yaml:5:11)",
    ]);
  });

  it('validates cron expressions and time zones with suggestions', async () => {
    const found = await problems('version: 1\nschedules:\n  sync: "*/15 * * *"\n  timezone: Europe/Berln\n');
    expect(found[0]).toMatch(
      /^invalid cron expression '\*\/15 \* \* \*' at schedules\.sync \(file\.yaml:3:9\); expected 5 or 6 fields/,
    );
    expect(found[1]).toBe(
      "unknown time zone 'Europe/Berln' at schedules.timezone (file.yaml:4:13); did you mean 'Europe/Berlin'?",
    );
  });

  it('rejects connector names that are not lower snake case, at the name', async () => {
    const found = await problems(
      'version: 1\nconnectors:\n  Demo Files:\n    type: file\n    streams:\n      c: { kind: contact, path: c.csv }\n',
    );
    expect(found[0]).toMatch(
      /^invalid key 'Demo Files' at connectors\["Demo Files"\] \(file\.yaml:3:3\); connector names are lower snake case/,
    );
  });

  it('reports a missing version at the top of the file', async () => {
    expect(await problems('store:\n  path: x.db\n')).toEqual([
      "missing required key 'version' at version (file.yaml:1:1); expected 1",
    ]);
  });

  it('reports a missing file as a config error', async () => {
    await expect(loadConfig(path.join(dir, 'absent.yaml'), {})).rejects.toThrow(/config file not found/);
  });
});

describe('the demo config (config/scorebridge.yaml)', () => {
  it('is valid and declares the demo file connectors', async () => {
    const loaded = await loadConfig(path.join(REPO_ROOT, 'config', 'scorebridge.yaml'), {});
    expect(Object.keys(loaded.config.connectors)).toEqual(['demo_files', 'marketing_list']);
    expect(loaded.summary).toEqual({ connectors: 2, streams: 5 });
    expect(loaded.config.store.path).toBe(path.join(REPO_ROOT, 'var', 'scorebridge.db'));
    expect(loaded.config.identity.systemPriority).toEqual(['demo_files', 'marketing_list']);
    expect(JSON.parse(JSON.stringify(loaded.describe()))).toEqual(loaded.describe());
  });
});
