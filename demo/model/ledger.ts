/**
 * Weekly tallies of what an account did, kept so the hazards can look back over the same windows
 * a scoring model would (last 4 weeks vs the 4 before, last 8 weeks). Index = simulation week +
 * `offset`, so warm-up weeks before the history window have slots too.
 */
export class WeeklyLedger {
  readonly offset: number;
  readonly logins: Float64Array;
  /** Bit i set = contact i logged in that week. */
  readonly activeMask: Int32Array;
  /** Bit f set = feature f was used that week. */
  readonly featureMask: Int32Array;
  /** Support tickets weighted by severity. */
  readonly ticketLoad: Float64Array;
  readonly emailClicks: Float64Array;
  readonly emailReplies: Float64Array;
  readonly pricingViews: Float64Array;
  readonly formSubmits: Float64Array;
  readonly meetings: Float64Array;
  /** Clicks, replies, forms and meetings by a champion or an economic buyer. */
  readonly deciderTouches: Float64Array;

  constructor(weeks: number, offset: number) {
    const size = weeks + offset + 1;
    this.offset = offset;
    this.logins = new Float64Array(size);
    this.activeMask = new Int32Array(size);
    this.featureMask = new Int32Array(size);
    this.ticketLoad = new Float64Array(size);
    this.emailClicks = new Float64Array(size);
    this.emailReplies = new Float64Array(size);
    this.pricingViews = new Float64Array(size);
    this.formSubmits = new Float64Array(size);
    this.meetings = new Float64Array(size);
    this.deciderTouches = new Float64Array(size);
  }

  slot(week: number): number {
    return week + this.offset;
  }

  add(series: Float64Array, week: number, amount: number): void {
    const slot = this.slot(week);
    series[slot] = (series[slot] as number) + amount;
  }

  /** Sum of `series` over the `length` weeks ending with `lastWeek` (inclusive). */
  sum(series: Float64Array, lastWeek: number, length: number): number {
    let total = 0;
    const end = this.slot(lastWeek);
    for (let i = Math.max(0, end - length + 1); i <= end; i++) total += series[i] as number;
    return total;
  }

  /** Bitwise OR of `series` over the `length` weeks ending with `lastWeek`. */
  union(series: Int32Array, lastWeek: number, length: number): number {
    let mask = 0;
    const end = this.slot(lastWeek);
    for (let i = Math.max(0, end - length + 1); i <= end; i++) mask |= series[i] as number;
    return mask;
  }
}

export function popcount(mask: number): number {
  let x = mask - ((mask >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
