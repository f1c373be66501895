import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../../scoring/ltv/bgnbd.ts';
import { type CdnowLayout, parseCdnowTransactions } from '../../../scoring/ltv/cdnow-format.ts';
import { fitGammaGamma, frequencySpendCorrelation } from '../../../scoring/ltv/gamma-gamma.ts';
import { compareHoldout } from '../../../scoring/ltv/holdout.ts';
import { buildRfmSummary } from '../../../scoring/ltv/rfm.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const CDNOW_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'cdnow');
const dataPresent = existsSync(path.join(CDNOW_DIR, 'CDNOW_sample.txt'));
if (!dataPresent) console.warn(`CDNOW tests skipped: ${CDNOW_DIR} not found (see shared/data/README.md)`);

// Fader, Hardie & Lee (2005): 39-week calibration from 1997-01-01, 39-week holdout.
const CALIBRATION_END = '1997-09-30';
const HOLDOUT_END = '1998-06-30';

function summary(layout: CdnowLayout) {
  const file = path.join(CDNOW_DIR, `CDNOW_${layout}.txt`);
  const transactions = parseCdnowTransactions(readFileSync(file, 'utf8'), layout, file);
  return buildRfmSummary(transactions, { calibrationEnd: CALIBRATION_END, holdoutEnd: HOLDOUT_END });
}

describe.skipIf(!dataPresent)('CDNOW: BG/NBD + Gamma-Gamma reproduce the published fit', () => {
  const rows = dataPresent ? summary('sample') : [];

  it('builds the paper calibration summary (2,357 customers, 2,457 repeat purchases)', () => {
    expect(rows.length).toBe(2357);
    expect(rows.reduce((s, r) => s + r.frequency, 0)).toBe(2457);
    expect(rows.reduce((s, r) => s + r.holdoutPurchases, 0)).toBe(1882);
    expect(Math.max(...rows.map((r) => r.age))).toBeLessThanOrEqual(39);
  });

  it('BG/NBD parameters and log-likelihood match FHL 2005 to 3 decimals', () => {
    const fit = fitBgNbd(rows);
    expect(fit.converged).toBe(true);
    expect(fit.params.r).toBeCloseTo(0.2426, 3);
    expect(fit.params.alpha).toBeCloseTo(4.4136, 3);
    expect(fit.params.a).toBeCloseTo(0.7929, 3);
    expect(fit.params.b).toBeCloseTo(2.4259, 3);
    expect(fit.logLikelihood).toBeCloseTo(-9582.43, 2);

    const holdout = compareHoldout(fit.params, rows, 39);
    console.info(
      `CDNOW sample holdout weeks 40-78: actual ${holdout.actualTotal}, predicted ${holdout.predictedTotal.toFixed(1)} ` +
        `(${(100 * holdout.relativeError).toFixed(1)} %), MAE ${holdout.meanAbsoluteError.toFixed(3)}`,
    );
    // scoring.md 2.3 measured -12 %; only a loose sanity bound is asserted.
    expect(Math.abs(holdout.relativeError)).toBeLessThan(0.25);
    expect(holdout.byFrequency[0]!.predictedMean).toBeLessThan(holdout.byFrequency[7]!.predictedMean);
  });

  it('Gamma-Gamma on repeat customers matches p=6.25, q=3.74, gamma=15.44', () => {
    const repeat = rows.filter((r) => r.frequency > 0 && r.monetaryValue > 0);
    expect(repeat.length).toBe(946);
    const fit = fitGammaGamma(repeat);
    expect(fit.params.p).toBeCloseTo(6.2496, 3);
    expect(fit.params.q).toBeCloseTo(3.7442, 3);
    expect(fit.params.gamma).toBeCloseTo(15.4435, 3);
    expect(frequencySpendCorrelation(repeat)).toBeCloseTo(0.1139, 3);
  });
});

describe.skipIf(!dataPresent)('CDNOW master (23,570 customers) matches the scipy baseline', () => {
  it('fits the same parameters as shared/baselines/cdnow_btyd.py', () => {
    const rows = summary('master');
    expect(rows.length).toBe(23570);
    const fit = fitBgNbd(rows);
    expect(fit.params.r).toBeCloseTo(0.2516, 3);
    expect(fit.params.alpha).toBeCloseTo(4.7889, 3);
    expect(fit.params.a).toBeCloseTo(0.7234, 3);
    expect(fit.params.b).toBeCloseTo(2.1611, 3);
    expect(fit.logLikelihood).toBeCloseTo(-95368.44, 1);
  });
});
