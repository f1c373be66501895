import { describe, expect, it } from 'vitest';
import { applyBinner, binDataset, fitBinner } from '../../../../scoring/learners/binning.ts';
import { Rng } from '../../../../scoring/learners/rng.ts';
import { makeDataset } from './helpers.ts';

describe('binDataset', () => {
  it('gives each of few distinct values its own bin, split halfway, and NaN the missing bin', () => {
    const binned = binDataset(makeDataset([[3, 1, 2, Number.NaN, 1, 3]]));
    const bins = binned.binner.features[0]!;
    expect(bins.kind).toBe('numeric');
    if (bins.kind !== 'numeric') return;
    expect(bins.nBins).toBe(3);
    expect(Array.from(bins.upperEdges)).toEqual([1.5, 2.5, Number.POSITIVE_INFINITY]);
    expect(Array.from(binned.codes[0]!)).toEqual([2, 0, 1, 3, 0, 2]);
  });

  it('caps continuous features at maxBins quantile bins of similar size', () => {
    const rng = new Rng(1);
    const x = Float64Array.from({ length: 20_000 }, () => rng.nextGaussian());
    const binned = binDataset(makeDataset([x]), { maxBins: 255 });
    const bins = binned.binner.features[0]!;
    expect(bins.nBins).toBeLessThanOrEqual(255);
    expect(bins.nBins).toBeGreaterThan(250);
    const counts = new Array(256).fill(0);
    for (const code of binned.codes[0]!) counts[code]++;
    expect(Math.max(...counts.slice(0, bins.nBins))).toBeLessThan(3 * (20_000 / 255));
    expect(counts[bins.nBins]).toBe(0);
  });

  it('stores raw upper edges so that bin <= t exactly when x <= upperEdges[t]', () => {
    const rng = new Rng(2);
    const x = Float64Array.from({ length: 5000 }, () => Math.round(rng.nextGaussian() * 1000) / 10);
    const binned = binDataset(makeDataset([x]), { maxBins: 32 });
    const bins = binned.binner.features[0]!;
    if (bins.kind !== 'numeric') throw new Error('expected numeric bins');
    for (let i = 0; i < x.length; i += 7) {
      for (const t of [0, 5, 17, bins.nBins - 2]) {
        expect(binned.codes[0]![i]! <= t).toBe(x[i]! <= bins.upperEdges[t]!);
      }
    }
  });

  it('maps categories to bins, pools rare ones and sends unseen codes to the missing bin', () => {
    const codes = [0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 7, 9, Number.NaN];
    const binner = fitBinner(makeDataset([codes], [true]), { minCategoryCount: 2 });
    const bins = binner.features[0]!;
    if (bins.kind !== 'categorical') throw new Error('expected categorical bins');
    expect(bins.binCategories).toEqual([[0], [2], [7, 9]]);
    const applied = applyBinner(binner, makeDataset([[2, 9, 5, Number.NaN, 0]], [true]));
    expect(Array.from(applied.codes[0]!)).toEqual([1, 2, 3, 3, 0]);
  });

  it('rejects categorical values that are not integer codes, naming feature and row', () => {
    const data = makeDataset([[0, 1, 1.5]], [true], ['plan']);
    expect(() => binDataset(data)).toThrow(/feature "plan" row 2 holds 1.5/);
  });

  it('rejects mismatched column lengths', () => {
    const data = { ...makeDataset([[1, 2, 3]]), nRows: 4 };
    expect(() => binDataset(data)).toThrow(/has 3 values but nRows is 4/);
  });
});
