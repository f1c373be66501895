import type { RawFeatureValues, RawTable } from '../../../../scoring/features/raw-table.ts';
import type { FittedLearner } from '../../../../scoring/models/fitted-learner.ts';
import type { FeatureTableRow } from './duckdb-engine.ts';

/** Row i of a raw table as values in `names` order. */
export function rawRow(table: RawTable, names: readonly string[], i: number): RawFeatureValues {
  return names.map((name) => {
    const j = table.featureNames.indexOf(name);
    if (j < 0) throw new Error(`rawRow: the table has no feature "${name}"`);
    const texts = table.texts[j];
    return texts ? (texts[i] ?? null) : table.numbers[j]![i]!;
  });
}

/**
 * Rows that take the rare branches: every value missing, labels the model never saw, and numeric
 * values sitting exactly on split thresholds (where `<=` versus `<` decides the branch).
 */
export function edgeRows(
  base: readonly RawFeatureValues[],
  categorical: readonly boolean[],
  learner: FittedLearner,
  limit = 300,
): FeatureTableRow[] {
  const rows: FeatureTableRow[] = [];
  rows.push({ id: 'edge-all-missing', values: categorical.map((c) => (c ? null : Number.NaN)) });
  base.slice(0, 50).forEach((values, k) => {
    rows.push({
      id: `edge-unseen-${k}`,
      values: values.map((v, j) => (categorical[j] ? 'never-seen-label' : v)),
    });
  });
  if (learner.type !== 'tree') return rows;
  const seen = new Set<string>();
  for (const tree of learner.ensemble.trees) {
    tree.feature.forEach((f, i) => {
      const threshold = tree.threshold[i]!;
      const key = `${f}:${threshold}`;
      if (f < 0 || categorical[f] || !Number.isFinite(threshold) || seen.has(key) || seen.size >= limit)
        return;
      seen.add(key);
      const values = [...base[seen.size % base.length]!];
      values[f] = threshold;
      rows.push({ id: `edge-threshold-${seen.size}`, values });
    });
  }
  return rows;
}
