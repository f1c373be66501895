import { describe, expect, it } from 'vitest';
import {
  attributeScore,
  type Contribution,
  compareByImpact,
} from '../../../../scoring/explain/attribution.ts';
import { createTreeShapExplainer } from '../../../../scoring/explain/treeshap.ts';
import { ensembleOutput } from '../../../../scoring/learners/predict.ts';
import type { TreeEnsemble } from '../../../../scoring/learners/types.ts';
import { randomEnsemble, randomRow, seededRandom } from '../../../helpers/scoring/random-trees.ts';

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));
const sumPoints = (contributions: readonly Contribution[]) =>
  contributions.reduce((sum, c) => sum + c.points, 0);

function modelOf(kind: 'forest' | 'boosting', seed: number): TreeEnsemble {
  const categorical = [false, true, false, false, false, false];
  return randomEnsemble(seededRandom(seed), { nTrees: 15, kind, nFeatures: 6, maxDepth: 5, categorical });
}

describe('attributeScore on a logit link', () => {
  const model = modelOf('boosting', 5);
  const explainer = createTreeShapExplainer(model);
  const random = seededRandom(6);

  it('gives points that add up to 100 x (p(x) - p(base))', () => {
    for (let r = 0; r < 40; r++) {
      const row = randomRow(random, 6, model.categorical);
      const explanation = explainer.explainRow(row);
      const result = attributeScore(model, explanation, row);
      const probability = sigmoid(ensembleOutput(model, row));
      expect(result.baseline).toBeCloseTo(100 * sigmoid(explanation.expectedValue), 12);
      expect(Math.abs(result.score - 100 * probability)).toBeLessThan(1e-9);
      expect(Math.abs(sumPoints(result.contributions) - (result.score - result.baseline))).toBeLessThan(1e-9);
    }
  });

  it('keeps each factor in proportion to its log-odds contribution, with the same sign', () => {
    const row = randomRow(random, 6, model.categorical);
    const { contributions } = attributeScore(model, explainer.explainRow(row), row);
    const moving = contributions.filter((c) => c.margin !== 0);
    expect(moving.length).toBeGreaterThan(1);
    const ratio = moving[0]!.points / moving[0]!.margin;
    expect(ratio).toBeGreaterThan(0);
    for (const c of moving) {
      expect(c.points / c.margin).toBeCloseTo(ratio, 9);
      expect(c.direction).toBe(c.margin < 0 ? 'down' : 'up');
    }
  });

  it('uses the slope at the base when the margin barely moves', () => {
    const explanation = { expectedValue: 0.3, contributions: Float64Array.from([2e-12, -1e-12, 0, 0, 0, 0]) };
    const result = attributeScore(model, explanation, new Float64Array(6));
    const slope = 100 * sigmoid(0.3) * (1 - sigmoid(0.3));
    expect(result.contributions[0]!.points / (slope * 2e-12)).toBeCloseTo(1, 6);
    expect(result.contributions[1]!.points / (-slope * 1e-12)).toBeCloseTo(1, 6);
    expect(result.contributions.every((c) => Number.isFinite(c.points))).toBe(true);
  });

  it('shares out a calibrated score when given the calibration', () => {
    const calibrated = (margin: number) => 100 * Math.min(1, Math.max(0, 0.5 + 0.2 * margin));
    const row = randomRow(random, 6, model.categorical);
    const explanation = explainer.explainRow(row);
    const result = attributeScore(model, explanation, row, { scoreOfMargin: calibrated });
    const expected = calibrated(ensembleOutput(model, row)) - calibrated(explanation.expectedValue);
    expect(Math.abs(sumPoints(result.contributions) - expected)).toBeLessThan(1e-9);
  });

  it('refuses a score mapping that goes down as the margin goes up', () => {
    const explanation = { expectedValue: 0, contributions: Float64Array.from([1, 0, 0, 0, 0, 0]) };
    expect(() =>
      attributeScore(model, explanation, new Float64Array(6), { scoreOfMargin: (m) => -m }),
    ).toThrow(/must be non-decreasing/);
  });
});

describe('attributeScore on identity links', () => {
  it('turns forest probability contributions into 0-100 points directly', () => {
    const model = modelOf('forest', 8);
    const row = randomRow(seededRandom(9), 6, model.categorical);
    const explanation = createTreeShapExplainer(model).explainRow(row);
    const result = attributeScore(model, explanation, row);
    for (const c of result.contributions) expect(c.points).toBeCloseTo(100 * c.margin, 12);
    const change = 100 * (ensembleOutput(model, row) - explanation.expectedValue);
    expect(Math.abs(sumPoints(result.contributions) - change)).toBeLessThan(1e-9);
  });

  it('keeps a regressor on its own units', () => {
    const model = { ...modelOf('boosting', 10), link: 'identity' as const, task: 'regression' as const };
    const row = randomRow(seededRandom(11), 6, model.categorical);
    const result = attributeScore(model, createTreeShapExplainer(model).explainRow(row), row);
    for (const c of result.contributions) expect(c.points).toBeCloseTo(c.margin, 12);
  });
});

describe('contribution values and order', () => {
  const model = modelOf('boosting', 12);

  it('reports missing values as null and categories by label', () => {
    const row = Float64Array.from([Number.NaN, 2, 1.5, 0, 0, 0]);
    const labels = [undefined, ['Free', 'Starter', 'Pro']];
    const explanation = { expectedValue: 0, contributions: Float64Array.from([0.1, 0.2, 0.3, 0, 0, 0]) };
    const result = attributeScore(model, explanation, row, { categoryLabels: labels });
    const byName = new Map(result.contributions.map((c) => [c.feature, c.value]));
    expect(byName.get('f0')).toBeNull();
    expect(byName.get('f1')).toBe('Pro');
    expect(byName.get('f2')).toBe(1.5);
  });

  it('sorts by |points| and breaks exact ties by feature name', () => {
    const explanation = {
      expectedValue: 0,
      contributions: Float64Array.from([0.1, -0.3, 0.3, 0.05, -0.1, 0]),
    };
    const names = attributeScore(model, explanation, new Float64Array(6)).contributions.map((c) => c.feature);
    expect(names).toEqual(['f1', 'f2', 'f0', 'f4', 'f3', 'f5']);
  });

  it('treats impacts equal to 1e-9 as ties so rounding noise cannot reorder them', () => {
    const a = { feature: 'b_feature', points: 1.0000000000001 };
    const b = { feature: 'a_feature', points: -1 };
    expect([a, b].sort(compareByImpact).map((c) => c.feature)).toEqual(['a_feature', 'b_feature']);
  });
});
