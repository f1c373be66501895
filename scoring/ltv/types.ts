/**
 * One customer's calibration-period history in the BG/NBD notation, in a fixed time unit
 * (weeks in the paper and in `buildRfmSummary`):
 * - frequency = x, the number of repeat purchases (purchase days after the first);
 * - recency = t_x, time from the first to the last purchase;
 * - age = T, time from the first purchase to the end of the calibration period.
 */
export interface CustomerHistory {
  readonly frequency: number;
  readonly recency: number;
  readonly age: number;
}

/** A repeat customer's spend: mean value of the repeat purchases (m_x) and their count (x > 0). */
export interface SpendHistory {
  readonly frequency: number;
  readonly monetaryValue: number;
}

/** BG/NBD: purchase rate ~ Gamma(r, alpha), dropout probability after each purchase ~ Beta(a, b). */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** Gamma-Gamma spend model (Fader & Hardie note 025): shape p, and nu ~ Gamma(q, gamma). */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

export interface FitDiagnostics {
  readonly logLikelihood: number;
  readonly customers: number;
  readonly evaluations: number;
  readonly converged: boolean;
}
