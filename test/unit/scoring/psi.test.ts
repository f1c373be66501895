import { describe, expect, it } from 'vitest';
import {
  bucketProportions,
  categoricalPsiReference,
  datasetDrift,
  datasetPsiReference,
  driftStatus,
  numericPsiReference,
  PsiReferenceSchema,
  psiAgainst,
  psiFromProportions,
  scorePsi,
} from '../../../scoring/drift/psi.ts';
import type { Dataset } from '../../../scoring/learners/types.ts';

describe('PSI', () => {
  it('matches the textbook formula on hand-computed proportions', () => {
    const expected = [0.5, 0.5];
    const actual = [0.7, 0.3];
    const hand = (0.7 - 0.5) * Math.log(0.7 / 0.5) + (0.3 - 0.5) * Math.log(0.3 / 0.5);
    expect(psiFromProportions(expected, actual)).toBeCloseTo(hand, 12);
    expect(psiFromProportions(expected, expected)).toBe(0);
  });
  it('floors empty buckets so a vanished level gives a large finite PSI', () => {
    const value = psiFromProportions([0.5, 0.5], [1, 0]);
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeGreaterThan(1);
  });
  it('classifies ok / warn / alert at 0.1 and 0.25', () => {
    expect(driftStatus(0.099)).toBe('ok');
    expect(driftStatus(0.1)).toBe('warn');
    expect(driftStatus(0.25)).toBe('alert');
  });
  it('bins numeric features on training deciles with missing as its own bucket', () => {
    const training = Float64Array.from({ length: 100 }, (_, i) => (i < 90 ? i : Number.NaN));
    const ref = numericPsiReference('x', training, 10);
    expect(ref.kind === 'numeric' && ref.cutPoints.length).toBe(9);
    expect(ref.expected[ref.expected.length - 1]).toBeCloseTo(0.1, 12);
    expect(ref.expected.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(psiAgainst(ref, training).psi).toBe(0);
    const allMissing = new Float64Array(50).fill(Number.NaN);
    expect(psiAgainst(ref, allMissing).status).toBe('alert');
  });
  it('detects a shifted numeric distribution but not a resample of the same one', () => {
    const base = Float64Array.from({ length: 1000 }, (_, i) => i % 100);
    const shifted = Float64Array.from({ length: 1000 }, (_, i) => (i % 100) + 30);
    const ref = numericPsiReference('x', base);
    expect(psiAgainst(ref, base.slice(0, 500)).status).toBe('ok');
    expect(psiAgainst(ref, shifted).status).toBe('alert');
  });
  it('buckets categorical codes by level, with unseen levels and missing kept apart', () => {
    const ref = categoricalPsiReference('plan', [0, 0, 1, 1]);
    expect(bucketProportions(ref, [0, 2, Number.NaN, 1])).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(psiAgainst(ref, [0, 1, 0, 1]).psi).toBe(0);
  });
  it('profiles a whole dataset, survives JSON and matches features by name', () => {
    const data: Dataset = {
      nRows: 4,
      featureNames: ['age', 'plan'],
      columns: [Float64Array.from([20, 30, 40, 50]), Float64Array.from([0, 1, 1, 0])],
      categorical: [false, true],
    };
    const profile = datasetPsiReference(data, 2).map((r) =>
      PsiReferenceSchema.parse(JSON.parse(JSON.stringify(r))),
    );
    const reordered: Dataset = {
      ...data,
      featureNames: ['plan', 'age'],
      columns: [data.columns[1]!, data.columns[0]!],
    };
    expect(datasetDrift(profile, reordered).map((d) => d.psi)).toEqual([0, 0]);
    expect(() => datasetDrift(profile, { ...data, featureNames: ['age', 'tier'] })).toThrow(/'plan'/);
  });
  it('scores PSI for model scores', () => {
    const reference = Float64Array.from({ length: 500 }, (_, i) => i / 500);
    const live = Float64Array.from({ length: 500 }, (_, i) => 0.5 + i / 1000);
    expect(scorePsi(reference, reference).psi).toBe(0);
    expect(scorePsi(reference, live).status).toBe('alert');
  });
  it('keeps tied calibrated scores in their bucket when another code path computes them a few bits apart', () => {
    // Isotonic calibration puts most rows on a few steps; cut points land exactly on those steps.
    const steps = [0.001, 0.011198208286674128, 0.014130434782608689, 0.2];
    const reference = Float64Array.from({ length: 1000 }, (_, i) => steps[i % 4]!);
    const profile = numericPsiReference('score', reference);
    const recomputed = reference.map((value) => value * (1 + 4e-16));
    expect(psiAgainst(profile, recomputed).psi).toBe(0);
    // A real move to the next step is still drift.
    const moved = reference.map((value) => (value === steps[1] ? steps[2]! : value));
    expect(psiAgainst(profile, moved).status).toBe('alert');
  });
});
