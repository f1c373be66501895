import { describe, expect, it } from 'vitest';
import { syntheticDataset } from '../../../../bench/scoring/learner-fixtures.ts';
import { trainBoosting } from '../../../../scoring/learners/boosting.ts';
import { trainForestSync } from '../../../../scoring/learners/forest.ts';
import { ensemblePredictor } from '../../../../scoring/learners/predict.ts';
import { ENSEMBLE_FORMAT, parseEnsemble, serializeEnsemble } from '../../../../scoring/learners/serialize.ts';
import { makeDataset } from './helpers.ts';

describe('ensemble JSON', () => {
  const set = syntheticDataset(2000, 10, 21);

  it.each([
    ['forest', () => trainForestSync(set.data, set.y, { nTrees: 5 })],
    ['boosting', () => trainBoosting(set.data, set.y, { maxIter: 20 })],
  ])('round-trips a %s with identical predictions', (_, train) => {
    const model = train();
    const json = serializeEnsemble(model);
    const parsed = parseEnsemble(json);
    expect(serializeEnsemble(parsed)).toBe(json);
    const before = ensemblePredictor(model).predict(set.data);
    const after = ensemblePredictor(parsed).predict(set.data);
    expect(Array.from(after)).toEqual(Array.from(before));
    expect(JSON.parse(json)).toMatchObject({ format: ENSEMBLE_FORMAT, version: 1 });
  });

  it('keeps the +Infinity threshold of a present-versus-missing split', () => {
    const x = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? Number.NaN : i));
    const y = x.map((v) => (Number.isNaN(v) ? 1 : 0));
    const model = trainForestSync(makeDataset([x]), y, { nTrees: 1, bootstrap: false, maxDepth: 1 });
    expect(model.trees[0]!.threshold[0]).toBe(Number.POSITIVE_INFINITY);
    const parsed = parseEnsemble(serializeEnsemble(model));
    expect(parsed.trees[0]!.threshold[0]).toBe(Number.POSITIVE_INFINITY);
    expect(ensemblePredictor(parsed).predictRow([Number.NaN])).toBe(1);
    expect(ensemblePredictor(parsed).predictRow([1e300])).toBe(0);
  });

  it('refuses an unknown version with a clear message', () => {
    const json = serializeEnsemble(trainForestSync(set.data, set.y, { nTrees: 1 })).replace(
      '"version":1',
      '"version":2',
    );
    expect(() => parseEnsemble(json, 'models/churn.json')).toThrow(
      /models\/churn.json: scorebridge.tree-ensemble version 2 is not supported; this build reads version 1/,
    );
  });

  it('refuses documents of another format or with broken trees, saying where', () => {
    expect(() => parseEnsemble('{"format":"other"}')).toThrow(/not a scorebridge.tree-ensemble document/);
    expect(() => parseEnsemble('{oops')).toThrow(/not valid JSON/);
    const doc = JSON.parse(serializeEnsemble(trainForestSync(set.data, set.y, { nTrees: 2, maxDepth: 3 })));
    doc.trees[1].left[0] = 0;
    expect(() => parseEnsemble(JSON.stringify(doc))).toThrow(
      /trees\[1\]\.left\[0\] = 0 must be a node after 0/,
    );
    doc.trees[1].left[0] = 1;
    doc.trees[1].value.pop();
    expect(() => parseEnsemble(JSON.stringify(doc))).toThrow(/trees\[1\]\.value has/);
  });
});
