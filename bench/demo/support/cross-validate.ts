import { rocAuc } from '../../../scoring/metrics/ranking.ts';
import type { LabelledRows } from './features.ts';
import { fitLogistic, predictLogistic } from './logistic.ts';

export interface CvResult {
  readonly rows: number;
  readonly positives: number;
  readonly auc: number;
  /** The single features that rank best on their own (AUC folded to >= 0.5). */
  readonly topFeatures: readonly { readonly name: string; readonly auc: number }[];
}

export function mergeRows(parts: readonly LabelledRows[]): LabelledRows {
  return {
    names: parts[0]?.names ?? [],
    x: parts.flatMap((p) => p.x),
    y: parts.flatMap((p) => p.y),
    group: parts.flatMap((p) => p.group),
  };
}

/** k-fold cross-validation grouped by account, so one account's rows never sit on both sides. */
export function crossValidateLogistic(rows: LabelledRows, folds = 5): CvResult {
  const fold = rows.group.map((g) => (Math.imul(g + 1, 0x9e3779b1) >>> 0) % folds);
  const predictions = new Array<number>(rows.y.length).fill(0);
  for (let k = 0; k < folds; k++) {
    const train = rows.x.flatMap((_, i) => (fold[i] === k ? [] : [i]));
    const test = rows.x.flatMap((_, i) => (fold[i] === k ? [i] : []));
    const model = fitLogistic(
      train.map((i) => rows.x[i] as number[]),
      train.map((i) => rows.y[i] as number),
    );
    predictLogistic(
      model,
      test.map((i) => rows.x[i] as number[]),
    ).forEach((p, j) => {
      predictions[test[j] as number] = p;
    });
  }
  const topFeatures = rows.names
    .map((name, j) => {
      const auc = rocAuc(
        rows.y,
        rows.x.map((r) => r[j] as number),
      );
      return { name, auc: Math.max(auc, 1 - auc) };
    })
    .sort((a, b) => b.auc - a.auc)
    .slice(0, 4);
  return {
    rows: rows.y.length,
    positives: rows.y.filter((v) => v === 1).length,
    auc: rocAuc(rows.y, predictions),
    topFeatures,
  };
}
