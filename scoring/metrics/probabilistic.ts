import { checkBinaryInputs } from './validate.ts';

/** sklearn's historical default clip; keeps a single confident mistake from making the loss infinite. */
export const DEFAULT_LOG_LOSS_EPS = 1e-15;

/** Mean binary cross-entropy with probabilities clipped to [eps, 1 - eps]. */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>, eps = DEFAULT_LOG_LOSS_EPS): number {
  checkBinaryInputs('logLoss', y, p);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - eps, Math.max(eps, p[i] as number));
    total -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return total / y.length;
}

/** Mean squared difference between the predicted probability and the 0/1 outcome. */
export function brierScore(y: ArrayLike<number>, p: ArrayLike<number>): number {
  checkBinaryInputs('brierScore', y, p);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const d = (p[i] as number) - (y[i] as number);
    total += d * d;
  }
  return total / y.length;
}
