import { describe, expect, it } from 'vitest';
import { syntheticDataset } from '../../../../bench/scoring/learner-fixtures.ts';
import { trainBoosting } from '../../../../scoring/learners/boosting.ts';
import { accumulateAllFeatures, Histogram } from '../../../../scoring/learners/histogram.ts';
import { Rng } from '../../../../scoring/learners/rng.ts';
import { compileHistogramWat, histogramWasmSource } from '../../../../scoring/learners/wasm/build.ts';
import { HistogramKernel } from '../../../../scoring/learners/wasm/histogram-kernel.ts';
import { HISTOGRAM_WASM_BASE64 } from '../../../../scoring/learners/wasm/histogram-wasm.ts';

/** Random codes below each feature's bin count (+1 for the missing bin), gradients and hessians. */
function kernelFixture(nRows: number, nBins: number[], seed: number) {
  const rng = new Rng(seed);
  const kernel = HistogramKernel.create({
    nRows,
    nFeatures: nBins.length,
    nBins,
    maxRows: nRows,
    maxHistograms: 2,
  })!;
  const p = nBins.length;
  for (let r = 0; r < nRows; r++) {
    for (let j = 0; j < p; j++) kernel.rowCodes[r * p + j] = rng.nextInt(nBins[j]! + 1);
  }
  const a = Float64Array.from({ length: nRows }, () => rng.nextFloat() - 0.5);
  const b = Float64Array.from({ length: nRows }, () => rng.nextFloat() * 0.25);
  return { kernel, a, b, rng };
}

function jsHistogram(
  kernel: HistogramKernel,
  rows: Uint32Array,
  a: Float64Array,
  b: Float64Array,
): Histogram {
  const hist = new Histogram(kernel.layout);
  accumulateAllFeatures(hist, kernel.layout, kernel.rowCodes, rows, 0, rows.length, a, b, null);
  return hist;
}

describe('WebAssembly histogram kernel', () => {
  it('is the compiled histogram.wat (run `npm run build:wasm` after editing it)', async () => {
    const bytes = await compileHistogramWat();
    expect(HISTOGRAM_WASM_BASE64).toBe(Buffer.from(bytes).toString('base64'));
    expect(histogramWasmSource(bytes)).toContain(HISTOGRAM_WASM_BASE64);
  });

  it.each([
    { label: 'dense rows (a tree root)', p: 30, keep: 1 },
    { label: 'scattered rows, 17 features (codes copied past a 16-byte word)', p: 17, keep: 0.1 },
    { label: 'scattered rows, one feature', p: 1, keep: 0.2 },
    { label: 'scattered rows, 48 features', p: 48, keep: 0.05 },
  ])('adds the same sums as the JavaScript kernel: $label', ({ p, keep }) => {
    const nRows = 5000;
    const nBins = Array.from({ length: p }, (_, j) => (j % 3 === 0 ? 255 : 2 + j));
    const { kernel, a, b, rng } = kernelFixture(nRows, nBins, p);
    const picked: number[] = [];
    for (let r = 0; r < nRows; r++) if (keep === 1 || rng.nextFloat() < keep) picked.push(r);
    const rows = Uint32Array.from(picked);
    kernel.rows.set(rows);
    kernel.loadTargets(rows.length, a, b);
    const wasm = kernel.newHistogram();
    // Two calls over a split range, crossing the 256-row chunks of the scattered path.
    const half = Math.floor(rows.length / 2) + 7;
    kernel.accumulate(wasm, 0, half);
    kernel.accumulate(wasm, half, rows.length - half);
    const js = jsHistogram(kernel, rows, a, b);
    let largest = 0;
    for (let k = 0; k < js.values.length; k++) {
      largest = Math.max(largest, Math.abs(js.values[k]! - wasm.values[k]!));
    }
    expect(largest).toBeLessThan(1e-9);
    expect(Array.from(wasm.hi)).toEqual(nBins);
    // Every row counted once per feature.
    let count = 0;
    for (let bin = 0; bin < 256; bin++) count += wasm.values[bin * 4 + 2]!;
    expect(count).toBe(rows.length);
  });

  it('refuses data it cannot hold, so boosting falls back to JavaScript', () => {
    const shape = { nFeatures: 100, nBins: new Array(100).fill(255), maxHistograms: 33 };
    expect(HistogramKernel.create({ ...shape, nRows: 50_000_000, maxRows: 50_000_000 })).toBeNull();
    expect(
      HistogramKernel.create({ ...shape, nRows: 1000, maxRows: 1000, maxHistograms: Infinity }),
    ).toBeNull();
    expect(HistogramKernel.create({ ...shape, nRows: 1000, maxRows: 1000 })).not.toBeNull();
  });

  it('runs out loudly rather than overwrite memory when more histograms are alive than sized for', () => {
    const { kernel } = kernelFixture(10, [3], 1);
    kernel.newHistogram();
    kernel.newHistogram();
    expect(() => kernel.newHistogram()).toThrow(/more histograms alive/);
  });

  it('grows the same trees as the JavaScript kernel, with missing values and categories', () => {
    const { data, y } = syntheticDataset(20_000, 12, 7);
    const params = { seed: 3, maxIter: 15, earlyStopping: false } as const;
    const wasm = trainBoosting(data, y, { ...params, kernel: 'wasm' });
    const js = trainBoosting(data, y, { ...params, kernel: 'js' });
    expect(wasm.trees.length).toBe(15);
    wasm.trees.forEach((tree, t) => {
      const other = js.trees[t]!;
      expect(Array.from(tree.feature)).toEqual(Array.from(other.feature));
      expect(Array.from(tree.threshold)).toEqual(Array.from(other.threshold));
      tree.value.forEach((v, k) => {
        expect(v).toBeCloseTo(other.value[k]!, 9);
      });
    });
  });
});
