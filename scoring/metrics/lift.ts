import { checkBinaryInputs, countPositives, indicesByScoreDesc } from './validate.ts';

/** One score band of a lift/gains table; band 1 holds the highest scores. */
export interface LiftRow {
  readonly band: number;
  /** Share of rows above this band, in percent (0 for band 1). */
  readonly fromPercent: number;
  /** Share of rows up to and including this band, in percent (10 for the top decile). */
  readonly toPercent: number;
  readonly count: number;
  readonly positives: number;
  readonly rate: number;
  /** rate / base rate: 3 means this band converts three times as often as average. */
  readonly lift: number;
  readonly minScore: number;
  readonly maxScore: number;
  readonly cumulativeCount: number;
  readonly cumulativePositives: number;
  readonly cumulativeRate: number;
  readonly cumulativeLift: number;
  /** Share of all positives captured by this band and every band above it, in percent. */
  readonly cumulativeGainPercent: number;
}

export interface LiftTable {
  readonly bands: readonly LiftRow[];
  readonly totalCount: number;
  readonly totalPositives: number;
  readonly baseRate: number;
}

/**
 * Decile (or any quantile-band) lift and gains table. Rows are ranked by score, highest first,
 * and cut into bands of equal size; rows tied across a band edge are split by input order so
 * every band has the size a marketer expects ("the top 10 % of leads").
 */
export function liftTable(y: ArrayLike<number>, scores: ArrayLike<number>, bands = 10): LiftTable {
  checkBinaryInputs('liftTable', y, scores);
  if (!Number.isInteger(bands) || bands < 1)
    throw new RangeError(`liftTable: bands must be a positive integer, got ${bands}`);
  const n = y.length;
  if (bands > n) throw new RangeError(`liftTable: ${bands} bands need at least ${bands} rows, got ${n}`);
  const order = indicesByScoreDesc(scores);
  const totalPositives = countPositives(y);
  const baseRate = totalPositives / n;
  const rows: LiftRow[] = [];
  let cumulativeCount = 0;
  let cumulativePositives = 0;
  for (let b = 0; b < bands; b++) {
    const from = Math.floor((b * n) / bands);
    const to = Math.floor(((b + 1) * n) / bands);
    let positives = 0;
    let minScore = Number.POSITIVE_INFINITY;
    let maxScore = Number.NEGATIVE_INFINITY;
    for (let k = from; k < to; k++) {
      const i = order[k] as number;
      positives += y[i] === 1 ? 1 : 0;
      const s = scores[i] as number;
      if (s < minScore) minScore = s;
      if (s > maxScore) maxScore = s;
    }
    const count = to - from;
    cumulativeCount += count;
    cumulativePositives += positives;
    const rate = positives / count;
    const cumulativeRate = cumulativePositives / cumulativeCount;
    rows.push({
      band: b + 1,
      fromPercent: (100 * from) / n,
      toPercent: (100 * to) / n,
      count,
      positives,
      rate,
      lift: baseRate === 0 ? Number.NaN : rate / baseRate,
      minScore,
      maxScore,
      cumulativeCount,
      cumulativePositives,
      cumulativeRate,
      cumulativeLift: baseRate === 0 ? Number.NaN : cumulativeRate / baseRate,
      cumulativeGainPercent: totalPositives === 0 ? Number.NaN : (100 * cumulativePositives) / totalPositives,
    });
  }
  return { bands: rows, totalCount: n, totalPositives, baseRate };
}

/** The sentence sales leaders quote, e.g. "top 10% of scores hold 38% of conversions". */
export function describeGain(table: LiftTable, bandsFromTop = 1, outcomeNoun = 'conversions'): string {
  const row = table.bands[bandsFromTop - 1];
  if (row === undefined)
    throw new RangeError(`describeGain: table has ${table.bands.length} bands, asked for ${bandsFromTop}`);
  return `top ${Math.round(row.toPercent)}% of scores hold ${Math.round(row.cumulativeGainPercent)}% of ${outcomeNoun}`;
}
