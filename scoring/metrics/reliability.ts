import { checkBinaryInputs, indicesByScoreDesc } from './validate.ts';

export interface ReliabilityBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean predicted probability of the rows in the bin (NaN when empty). */
  readonly meanPredicted: number;
  /** Observed positive rate of the rows in the bin (NaN when empty). */
  readonly observedRate: number;
}

export interface ReliabilityOptions {
  readonly bins?: number;
  /** 'uniform': equal-width bins on [0,1] (the usual ECE); 'quantile': equal-count bins. */
  readonly strategy?: 'uniform' | 'quantile';
}

/** Reliability (calibration) table: predicted vs observed rate per probability bin. */
export function reliabilityTable(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  options: ReliabilityOptions = {},
): ReliabilityBin[] {
  checkBinaryInputs('reliabilityTable', y, p);
  const bins = options.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`reliabilityTable: bins must be a positive integer, got ${bins}`);
  const members: number[][] = Array.from({ length: bins }, () => []);
  const bounds: [number, number][] = [];
  if ((options.strategy ?? 'uniform') === 'uniform') {
    for (let b = 0; b < bins; b++) bounds.push([b / bins, (b + 1) / bins]);
    for (let i = 0; i < p.length; i++) {
      const b = Math.min(bins - 1, Math.max(0, Math.floor((p[i] as number) * bins)));
      members[b]?.push(i);
    }
  } else {
    const ascending = Array.from(indicesByScoreDesc(p)).reverse();
    for (let b = 0; b < bins; b++) {
      const from = Math.floor((b * ascending.length) / bins);
      const to = Math.floor(((b + 1) * ascending.length) / bins);
      const slice = ascending.slice(from, to);
      members[b] = slice;
      const first = slice[0];
      const last = slice[slice.length - 1];
      bounds.push([
        first === undefined ? Number.NaN : (p[first] as number),
        last === undefined ? Number.NaN : (p[last] as number),
      ]);
    }
  }
  return members.map((rows, b) => {
    let sumP = 0;
    let sumY = 0;
    for (const i of rows) {
      sumP += p[i] as number;
      sumY += y[i] as number;
    }
    const [lower, upper] = bounds[b] as [number, number];
    const empty = rows.length === 0;
    return {
      lower,
      upper,
      count: rows.length,
      meanPredicted: empty ? Number.NaN : sumP / rows.length,
      observedRate: empty ? Number.NaN : sumY / rows.length,
    };
  });
}

/**
 * Expected calibration error: the row-weighted mean gap |mean predicted - observed rate| over
 * the reliability bins (10 equal-width bins by default, as in Guo et al. 2017).
 */
export function expectedCalibrationError(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  options: ReliabilityOptions = {},
): number {
  const table = reliabilityTable(y, p, options);
  let total = 0;
  let weighted = 0;
  for (const bin of table) {
    if (bin.count === 0) continue;
    total += bin.count;
    weighted += bin.count * Math.abs(bin.meanPredicted - bin.observedRate);
  }
  return weighted / total;
}
