export interface MetricSummary {
  readonly mean: number;
  /** Population standard deviation over folds (ddof 0, as numpy's default in the baselines). */
  readonly sd: number;
}

export function summarize(values: readonly number[]): MetricSummary {
  if (values.length === 0) return { mean: Number.NaN, sd: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, sd: Math.sqrt(variance) };
}
