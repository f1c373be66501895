/**
 * Qini curve (Radcliffe 2007) and uplift by decile for a binary treatment: rank customers by
 * predicted uplift and count incremental responders as the targeted share grows. The area is
 * normalised by the total incremental responders, so random ordering scores about 0 and a
 * negative value means the ranking is worse than random.
 */
export interface QiniPoint {
  /** Share of the population targeted (k / points). */
  readonly fraction: number;
  /** Incremental responders among the top `fraction`, control scaled to the treated count. */
  readonly incremental: number;
}

export interface QiniResult {
  readonly normalisedArea: number;
  readonly totalIncremental: number;
  readonly curve: readonly QiniPoint[];
}

export interface UpliftBucket {
  readonly bucket: number;
  readonly treated: number;
  readonly control: number;
  readonly treatedRate: number;
  readonly controlRate: number;
  readonly uplift: number;
}

/** Row order by descending score; ties keep input order (stable), as numpy's mergesort. */
function rankByScore(scores: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((i, j) => scores[j]! - scores[i]! || i - j);
}

function checkLengths(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  treated: ArrayLike<number>,
): void {
  if (scores.length !== outcomes.length || scores.length !== treated.length || scores.length === 0) {
    throw new RangeError(
      `uplift evaluation needs equal, non-empty lengths: scores ${scores.length}, outcomes ${outcomes.length}, treated ${treated.length}`,
    );
  }
}

export function qiniCurve(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  treated: ArrayLike<number>,
  points = 10,
): QiniResult {
  checkLengths(scores, outcomes, treated);
  const order = rankByScore(scores);
  const n = order.length;
  const qini = new Float64Array(n);
  let nTreated = 0;
  let nControl = 0;
  let yTreated = 0;
  let yControl = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (treated[i]) {
      nTreated++;
      yTreated += outcomes[i]!;
    } else {
      nControl++;
      yControl += outcomes[i]!;
    }
    qini[k] = yTreated - (nControl > 0 ? (yControl * nTreated) / nControl : 0);
  }
  const total = qini[n - 1]!;
  let gap = 0;
  for (let k = 0; k < n; k++) gap += qini[k]! - (total * (k + 1)) / n;
  const curve = Array.from({ length: points }, (_, p) => {
    const index = Math.max(0, Math.floor((n * (p + 1)) / points) - 1);
    return { fraction: (p + 1) / points, incremental: qini[index]! };
  });
  return { normalisedArea: gap / n / total, totalIncremental: total, curve };
}

export function upliftByBucket(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  treated: ArrayLike<number>,
  buckets = 10,
): UpliftBucket[] {
  checkLengths(scores, outcomes, treated);
  const order = rankByScore(scores);
  const n = order.length;
  return Array.from({ length: buckets }, (_, b) => {
    let t = 0;
    let c = 0;
    let yt = 0;
    let yc = 0;
    for (let k = Math.floor((n * b) / buckets); k < Math.floor((n * (b + 1)) / buckets); k++) {
      const i = order[k]!;
      if (treated[i]) {
        t++;
        yt += outcomes[i]!;
      } else {
        c++;
        yc += outcomes[i]!;
      }
    }
    const treatedRate = t > 0 ? yt / t : Number.NaN;
    const controlRate = c > 0 ? yc / c : Number.NaN;
    return {
      bucket: b + 1,
      treated: t,
      control: c,
      treatedRate,
      controlRate,
      uplift: treatedRate - controlRate,
    };
  });
}
