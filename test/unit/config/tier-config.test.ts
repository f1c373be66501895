import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/config/index.ts';
import { ConfigError } from '../../../core/config/index.ts';
import { specsFromConfig } from '../../../scoring/models/model-specs.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'scorebridge-tiers-'));

function configWithChurnTiers(tiers: string): string {
  return `version: 1
scoring:
  models:
    churn_risk:
      kind: churn
      entity: account
      tiers: ${tiers}
`;
}

async function load(text: string) {
  const file = path.join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return loadConfig(file, {});
}

async function problems(text: string): Promise<string[]> {
  try {
    await load(text);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error
      .format()
      .split('\n')
      .map((line) => line.replace(/\([^()]*\/(c[a-z0-9]+\.yaml)/, '(file.yaml'));
  }
  throw new Error('expected the config to be rejected');
}

describe('tiers per model in the config', () => {
  it('reads percentile tiers (low takes the rest) and fixed bands, and keeps scoring.tiers for the others', async () => {
    const loaded = await load(`version: 1
scoring:
  tiers: { low: [0, 30], medium: [31, 60], high: [61, 100] }
  models:
    churn_risk: { kind: churn, entity: account, tiers: { by: percentile, high: 10, medium: 30 } }
    lead_score: { kind: lead, entity: contact, tiers: { by: score, low: [0, 20], medium: [21, 50], high: [51, 100] } }
    lifetime_value: { kind: ltv, entity: account }
`);
    const { scoring } = loaded.config;
    expect(scoring.models.churn_risk!.tiers).toEqual({
      by: 'percentile',
      shares: { high: 10, medium: 30, low: 60 },
    });
    expect(scoring.models.lead_score!.tiers).toEqual({
      by: 'score',
      bands: [
        { name: 'low', min: 0, max: 20 },
        { name: 'medium', min: 21, max: 50 },
        { name: 'high', min: 51, max: 100 },
      ],
    });
    expect(scoring.models.lifetime_value!.tiers).toBeUndefined();
    expect(scoring.tiers.map((band) => band.max)).toEqual([30, 60, 100]);
    const specs = specsFromConfig(scoring.models);
    expect(specs.find((spec) => spec.name === 'churn_risk')!.tiers).toEqual(scoring.models.churn_risk!.tiers);
  });

  it('says where shares do not add up, and what to write instead', async () => {
    expect(await problems(configWithChurnTiers('{ by: percentile, high: 10, medium: 95 }'))).toEqual([
      'high (10 %) and medium (95 %) add up to 105 %, over 100 % at scoring.models.churn_risk.tiers.medium (file.yaml:7:50); lower medium to at most 90',
    ]);
    expect(await problems(configWithChurnTiers('{ by: percentile, high: 10, medium: 30, low: 50 }'))).toEqual(
      [
        'the shares add up to 90 %, not 100 % at scoring.models.churn_risk.tiers.low (file.yaml:7:59); low takes the rest: 60 (or leave low out)',
      ],
    );
    expect(await problems(configWithChurnTiers('{ by: percentile, high: -5, medium: 30 }'))).toEqual([
      expect.stringMatching(/at scoring\.models\.churn_risk\.tiers\.high \(file\.yaml:7:38\)/),
    ]);
  });

  it('suggests the word meant for a misspelled kind of tiers or key', async () => {
    expect(await problems(configWithChurnTiers('{ by: percentil, high: 10, medium: 30 }'))).toEqual([
      "unknown by 'percentil' at scoring.models.churn_risk.tiers.by (file.yaml:7:20); did you mean 'percentile'?",
    ]);
    const misspelled = await problems(configWithChurnTiers('{ by: percentile, high: 10, medum: 30 }'));
    expect(misspelled).toContain(
      "unknown key 'medum' at scoring.models.churn_risk.tiers.medum (file.yaml:7:42); did you mean 'medium'?",
    );
    expect(misspelled).toContainEqual(
      expect.stringMatching(/^missing required key 'medium' at scoring\.models\.churn_risk\.tiers\.medium/),
    );
  });

  it('checks fixed bands per model like scoring.tiers: contiguous over 0..100', async () => {
    expect(
      await problems(configWithChurnTiers('{ by: score, low: [0, 40], medium: [42, 70], high: [71, 100] }')),
    ).toEqual([
      "tier 'medium' leaves a gap after 'low' (0-40) at scoring.models.churn_risk.tiers.medium (file.yaml:7:49); start 'medium' at 41",
    ]);
  });
});
