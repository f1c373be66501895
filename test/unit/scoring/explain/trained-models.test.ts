import { describe, expect, it } from 'vitest';
import { attributeScore } from '../../../../scoring/explain/attribution.ts';
import { bruteForceShapley } from '../../../../scoring/explain/brute-force-shapley.ts';
import { parseFeatureCatalog } from '../../../../scoring/explain/feature-catalog.ts';
import { renderReasons } from '../../../../scoring/explain/reasons.ts';
import { createTreeShapExplainer } from '../../../../scoring/explain/treeshap.ts';
import { ensemblePredictor, trainBoosting, trainForestSync } from '../../../../scoring/learners/index.ts';
import type { Dataset, TreeEnsemble } from '../../../../scoring/learners/types.ts';
import { seededRandom } from '../../../helpers/scoring/random-trees.ts';

const names = ['logins_trend', 'plan', 'tickets_14d', 'days_since_login', 'noise'];

/** A churn-like table: falling logins, the cheapest plan and support tickets raise churn. */
function churnData(nRows: number, seed: number): { data: Dataset; y: Float64Array } {
  const random = seededRandom(seed);
  const columns = names.map(() => new Float64Array(nRows));
  const y = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const trend = random() < 0.1 ? Number.NaN : random() * 2 - 1;
    const plan = Math.floor(random() * 4);
    const tickets = Math.floor(random() * 6);
    const idleDays = Math.floor(random() * 60);
    const values = [trend, plan, tickets, idleDays, random()];
    values.forEach((value, j) => {
      columns[j]![r] = value;
    });
    const logit =
      -1 - 2 * (Number.isNaN(trend) ? -0.5 : trend) + (plan === 0 ? 1.5 : 0) + 0.4 * tickets + idleDays / 30;
    y[r] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  const data = { nRows, featureNames: names, columns, categorical: names.map((name) => name === 'plan') };
  return { data, y };
}

const { data, y } = churnData(1500, 17);
const rows = Array.from({ length: 60 }, (_, r) => Float64Array.from(data.columns, (column) => column[r]!));
// Unseen plan code and missing values, which must be routed exactly as the predictor does.
rows.push(
  Float64Array.from([Number.NaN, 7, 2, 10, 0.5]),
  Float64Array.from([0.3, Number.NaN, Number.NaN, 5, 0.1]),
);

const models: Record<string, TreeEnsemble> = {
  boosting: trainBoosting(data, y, { maxIter: 40, maxLeaves: 15, minSamplesLeaf: 10, seed: 1 }),
  forest: trainForestSync(data, y, { nTrees: 20, maxDepth: 8, minSamplesLeaf: 5, seed: 1 }),
};

describe.each(Object.keys(models))('TreeSHAP on a trained %s model', (kind) => {
  const model = models[kind]!;
  const predictor = ensemblePredictor(model);

  it('splits on the categorical plan somewhere, so category routing is exercised', () => {
    const planSplits = model.trees.flatMap((tree) =>
      [...tree.feature].flatMap((feature, node) => (feature === 1 ? [tree.leftCategories[node]!] : [])),
    );
    expect(planSplits.some((categories) => categories.length > 0)).toBe(true);
  });

  it('adds up to the predictor margin within 1e-9, with and without pattern tables', () => {
    for (const explainer of [
      createTreeShapExplainer(model),
      createTreeShapExplainer(model, { patternBudget: 0 }),
    ]) {
      for (const row of rows) {
        const { expectedValue, contributions } = explainer.explainRow(row);
        const total = contributions.reduce((sum, phi) => sum + phi, expectedValue);
        expect(Math.abs(total - predictor.marginRow(row))).toBeLessThan(1e-9);
      }
    }
  });

  it('gives points that add up to the probability change on the 0-100 score', () => {
    const explainer = createTreeShapExplainer(model);
    for (const row of rows.slice(0, 20)) {
      const explanation = explainer.explainRow(row);
      const result = attributeScore(model, explanation, row);
      const points = result.contributions.reduce((sum, c) => sum + c.points, 0);
      expect(Math.abs(result.score - 100 * predictor.predictRow(row))).toBeLessThan(1e-9);
      expect(Math.abs(points - (result.score - result.baseline))).toBeLessThan(1e-9);
    }
  });

  it('turns the top factors into reasons a rep can read', () => {
    const catalog = parseFeatureCatalog([
      { name: 'logins_trend', label: 'logins', kind: 'trend', window: 'vs previous month' },
      { name: 'plan', label: 'plan', kind: 'category', template: { other: 'on the {value} plan' } },
      { name: 'tickets_14d', label: 'support tickets', singular: 'support ticket', kind: 'count' },
      { name: 'days_since_login', label: 'login', kind: 'days' },
    ]);
    const row = rows[0]!;
    const labels = [undefined, ['Starter', 'Team', 'Business', 'Enterprise']];
    const result = attributeScore(model, createTreeShapExplainer(model).explainRow(row), row, {
      categoryLabels: labels,
    });
    const reasons = renderReasons(result.contributions, {}, catalog);
    expect(reasons.map((r) => r.feature)).toEqual(result.contributions.slice(0, 3).map((c) => c.feature));
    for (const reason of reasons)
      expect(reason.text).not.toMatch(/logins_trend|tickets_14d|days_since_login/);
  });
});

describe('TreeSHAP equals brute force on a small trained model', () => {
  it('matches exact Shapley values for every test row', () => {
    const small = trainBoosting(data, y, { maxIter: 4, maxLeaves: 6, minSamplesLeaf: 20, seed: 2 });
    const explainer = createTreeShapExplainer(small);
    for (const row of rows.slice(0, 25).concat(rows.slice(-2))) {
      const fast = explainer.explainRow(row).contributions;
      const exact = bruteForceShapley(small, row).contributions;
      fast.forEach((phi, j) => {
        expect(Math.abs(phi - exact[j]!)).toBeLessThan(1e-10);
      });
    }
  });
});
