import type { Calibrator } from '../calibration/calibrator.ts';
import type { ScoreBand } from '../calibration/score-bands.ts';
import type { SqlDialect } from './dialects.ts';
import { floatLiteral, integerLiteral, stringLiteral } from './literals.ts';

/** Logit clip of Platt's 'logit' input, as calibration/platt.ts applies it. */
const LOGIT_CLIP = 1e-7;

/**
 * 1 / (1 + e^-z) written like the in-process sigmoid (each branch gives the same bits) but with
 * e^-|z| in both branches, so no warehouse that evaluates both CASE branches can overflow EXP.
 */
export function sigmoidSql(z: string): string {
  const e = `EXP(-ABS(${z}))`;
  return `CASE WHEN ${z} >= 0e0 THEN 1e0 / (1e0 + ${e}) ELSE ${e} / (1e0 + ${e}) END`;
}

/** Raw probability of a margin column: sigmoid for log-odds, clipped to [0, 1] for forest averages. */
export function rawProbabilitySql(dialect: SqlDialect, link: 'identity' | 'logit', margin: string): string {
  if (link === 'logit') return sigmoidSql(margin);
  return dialect.least('1e0', dialect.greatest('0e0', margin));
}

/** One derived column: the calibrator may need several steps (a column is reused by the next). */
export interface SqlStep {
  readonly column: string;
  /** Expression over the previous step's column, given its quoted reference. */
  readonly expression: (previous: string) => string;
}

function isotonicSql(
  dialect: SqlDialect,
  calibrator: Extract<Calibrator, { method: 'isotonic' }>,
  r: string,
): string {
  const { x, y } = calibrator;
  const n = x.length;
  const clip = (value: string) =>
    dialect.least(
      floatLiteral(1 - calibrator.floor),
      dialect.greatest(floatLiteral(calibrator.floor), value),
    );
  if (n === 1) return clip(floatLiteral(y[0]!));
  const arms = [
    `WHEN ${r} <= ${floatLiteral(x[0]!)} THEN ${floatLiteral(y[0]!)}`,
    `WHEN ${r} >= ${floatLiteral(x[n - 1]!)} THEN ${floatLiteral(y[n - 1]!)}`,
  ];
  // The binary search in isotonic.ts picks the last knot <= r; the first knot above r ends its segment.
  for (let hi = 1; hi < n; hi++) {
    const lo = hi - 1;
    const t = `((${r} - ${floatLiteral(x[lo]!)}) / ${floatLiteral(x[hi]! - x[lo]!)})`;
    arms.push(
      `WHEN ${r} < ${floatLiteral(x[hi]!)} THEN ${floatLiteral(y[lo]!)} + ${t} * ${floatLiteral(y[hi]! - y[lo]!)}`,
    );
  }
  return clip(`CASE ${arms.join(' ')} END`);
}

/** The steps from the raw probability column to the calibrated probability. */
export function calibrationSteps(dialect: SqlDialect, calibrator: Calibrator): SqlStep[] {
  switch (calibrator.method) {
    case 'identity':
      return [];
    case 'isotonic':
      return [{ column: 'sb_calibrated', expression: (r) => isotonicSql(dialect, calibrator, r) }];
    case 'platt': {
      const feature = (r: string) => {
        if (calibrator.input === 'raw') return r;
        const p = dialect.least(floatLiteral(1 - LOGIT_CLIP), dialect.greatest(floatLiteral(LOGIT_CLIP), r));
        return `LN(${p} / (1e0 - ${p}))`;
      };
      return [
        {
          column: 'sb_platt_margin',
          expression: (r) => `${floatLiteral(calibrator.a)} * ${feature(r)} + ${floatLiteral(calibrator.b)}`,
        },
        { column: 'sb_calibrated', expression: (z) => sigmoidSql(z) },
      ];
    }
  }
}

/**
 * toScore0to100: Math.round(p * 100) clamped to 0..100. Math.round rounds halves up; the fraction
 * v - FLOOR(v) is exact for these magnitudes, so this matches it without relying on how each
 * warehouse's ROUND treats halves.
 */
export function scoreSql(dialect: SqlDialect, points: string): string {
  const rounded = `FLOOR(${points}) + CASE WHEN ${points} - FLOOR(${points}) >= 0.5e0 THEN 1e0 ELSE 0e0 END`;
  return `CAST(${dialect.least('100e0', dialect.greatest('0e0', rounded))} AS ${dialect.integerType})`;
}

/** tierFor: the band whose inclusive [min, max] holds the integer score. */
export function tierSql(dialect: SqlDialect, score: string, bands: readonly ScoreBand[]): string {
  const arms = bands.map(
    (band) =>
      `WHEN ${score} >= ${integerLiteral(band.min)} AND ${score} <= ${integerLiteral(band.max)} THEN ${stringLiteral(band.name, dialect)}`,
  );
  return `CASE ${arms.join(' ')} END`;
}

/**
 * Percentile tiers over the rows of one statement, as PopulationTiers ranks them in process: by
 * probability, highest first, ties by id; each boundary is the share of the row count rounded to
 * the nearest row (FLOOR(x + 0.5), as Math.round), so every tier holds its share to within one row.
 */
export function percentileTierSql(
  dialect: SqlDialect,
  probability: string,
  ids: readonly string[],
  shares: { readonly high: number; readonly medium: number },
): string {
  const rank = `ROW_NUMBER() OVER (ORDER BY ${[`${probability} DESC`, ...ids.map((id) => `${id} ASC`)].join(', ')})`;
  const boundary = (share: number) => `FLOOR(COUNT(*) OVER () * ${floatLiteral(share)} / 100e0 + 0.5e0)`;
  const tier = (name: string) => stringLiteral(name, dialect);
  return `CASE WHEN ${rank} <= ${boundary(shares.high)} THEN ${tier('high')} WHEN ${rank} <= ${boundary(shares.high + shares.medium)} THEN ${tier('medium')} ELSE ${tier('low')} END`;
}
