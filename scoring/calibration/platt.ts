/**
 * Platt scaling: p = sigmoid(a * f + b), fitted by Newton's method on held-out rows with
 * Platt's (1999) smoothed targets (N+ + 1)/(N+ + 2) and 1/(N- + 2), which keep the fit finite
 * when the scores separate the classes perfectly.
 */
export interface PlattCalibrator {
  readonly method: 'platt';
  readonly a: number;
  readonly b: number;
  /** 'logit': f = logit(p) (right for probabilities from trees or boosting); 'raw': f = score. */
  readonly input: 'logit' | 'raw';
}

const LOGIT_CLIP = 1e-7;

export function plattFeature(score: number, input: 'logit' | 'raw'): number {
  if (input === 'raw') return score;
  const p = Math.min(1 - LOGIT_CLIP, Math.max(LOGIT_CLIP, score));
  return Math.log(p / (1 - p));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function negativeLogLikelihood(f: Float64Array, t: Float64Array, a: number, b: number): number {
  let total = 0;
  for (let i = 0; i < f.length; i++) {
    const z = a * (f[i] as number) + b;
    // log(1 + e^z) - t z, written to stay finite for large |z|
    total += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - (t[i] as number) * z;
  }
  return total;
}

export function fitPlatt(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  input: 'logit' | 'raw' = 'logit',
): PlattCalibrator {
  const n = scores.length;
  if (n !== labels.length || n === 0) {
    throw new RangeError(
      `fitPlatt: need matching non-empty scores and labels, got ${n} and ${labels.length}`,
    );
  }
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
  const highTarget = (positives + 1) / (positives + 2);
  const lowTarget = 1 / (n - positives + 2);
  const f = new Float64Array(n);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    f[i] = plattFeature(scores[i] as number, input);
    t[i] = labels[i] === 1 ? highTarget : lowTarget;
  }
  let a = 1;
  let b = 0;
  let loss = negativeLogLikelihood(f, t, a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let gA = 0;
    let gB = 0;
    let hAA = 1e-12;
    let hAB = 0;
    let hBB = 1e-12;
    for (let i = 0; i < n; i++) {
      const fi = f[i] as number;
      const p = sigmoid(a * fi + b);
      const r = p - (t[i] as number);
      const w = p * (1 - p);
      gA += r * fi;
      gB += r;
      hAA += w * fi * fi;
      hAB += w * fi;
      hBB += w;
    }
    const det = hAA * hBB - hAB * hAB;
    if (!(Math.abs(det) > 0)) break;
    const stepA = (hBB * gA - hAB * gB) / det;
    const stepB = (hAA * gB - hAB * gA) / det;
    let scale = 1;
    let improved = false;
    while (scale > 1e-10) {
      const nextLoss = negativeLogLikelihood(f, t, a - scale * stepA, b - scale * stepB);
      if (nextLoss <= loss) {
        a -= scale * stepA;
        b -= scale * stepB;
        improved = loss - nextLoss > 1e-12 * Math.max(1, Math.abs(loss));
        loss = nextLoss;
        break;
      }
      scale /= 2;
    }
    if (!improved) break;
  }
  return { method: 'platt', a, b, input };
}

export function applyPlatt(model: PlattCalibrator, score: number): number {
  return sigmoid(model.a * plattFeature(score, model.input) + model.b);
}
