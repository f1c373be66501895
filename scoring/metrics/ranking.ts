import { checkBinaryInputs, countPositives, indicesByScoreDesc } from './validate.ts';

/**
 * ROC-AUC as the Mann-Whitney statistic with average ranks, so tied scores count one half
 * (identical to sklearn's roc_auc_score). Returns NaN when only one class is present, because
 * the area is undefined there and a silent 0.5 would read as "random model".
 */
export function rocAuc(y: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkBinaryInputs('rocAuc', y, scores);
  const n = y.length;
  const nPos = countPositives(y);
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positiveRankSum = 0;
  let start = 0;
  while (start < n) {
    let end = start;
    const s = scores[order[start] as number] as number;
    while (end + 1 < n && scores[order[end + 1] as number] === s) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) if (y[order[k] as number] === 1) positiveRankSum += averageRank;
    start = end + 1;
  }
  return (positiveRankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * Average precision, the step-wise PR-AUC sklearn reports as average_precision_score:
 * sum over distinct score thresholds of (recall gain) x (precision at that threshold).
 * No interpolation, so it is not optimistic the way trapezoidal PR-AUC is.
 */
export function averagePrecision(y: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkBinaryInputs('averagePrecision', y, scores);
  const nPos = countPositives(y);
  if (nPos === 0) return Number.NaN;
  const order = indicesByScoreDesc(scores);
  let truePositives = 0;
  let seen = 0;
  let previousRecall = 0;
  let ap = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    seen++;
    truePositives += y[i] === 1 ? 1 : 0;
    const next = order[k + 1];
    const lastOfTie = next === undefined || scores[next] !== scores[i];
    if (!lastOfTie) continue;
    const recall = truePositives / nPos;
    ap += (recall - previousRecall) * (truePositives / seen);
    previousRecall = recall;
  }
  return ap;
}

/** Alias under the name the product brief uses. */
export const prAuc = averagePrecision;
