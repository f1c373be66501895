/**
 * Builds the per-customer RFM summary the BG/NBD and Gamma-Gamma models consume from a raw
 * transaction log, following the paper and the BTYD/lifetimes convention: purchases on the
 * same calendar day (UTC) are merged into one, x counts repeat purchase days in the
 * calibration window, and times are measured in `timeUnitDays` (7 = weeks).
 */
import { z } from 'zod';
import type { CustomerHistory } from './types.ts';

export interface Transaction {
  readonly customerId: string;
  /** Date as 'YYYYMMDD', 'YYYY-MM-DD', an ISO timestamp (its UTC day is used) or a Date. */
  readonly date: string | Date;
  readonly amount: number;
}

export interface RfmOptions {
  /** Last day of the calibration window (inclusive). */
  readonly calibrationEnd: string | Date;
  /** Last day of the holdout window (inclusive); holdout columns are 0 when omitted. */
  readonly holdoutEnd?: string | Date;
  /** Days per time unit; 7 gives weeks as in Fader, Hardie & Lee (2005). */
  readonly timeUnitDays?: number;
}

export interface RfmRow extends CustomerHistory {
  readonly customerId: string;
  /** Mean value of the repeat purchase days (Gamma-Gamma m_x); 0 when frequency is 0. */
  readonly monetaryValue: number;
  readonly firstPurchaseValue: number;
  readonly calibrationValue: number;
  /** Purchase days in the calibration window, i.e. frequency + 1. */
  readonly purchaseDays: number;
  readonly holdoutPurchases: number;
  readonly holdoutValue: number;
}

const transactionSchema = z.object({
  customerId: z.string().min(1),
  date: z.union([z.string(), z.date()]),
  amount: z.number().finite(),
});

const MS_PER_DAY = 86_400_000;

/** Whole days since 1970-01-01 (UTC) for the accepted date forms; NaN when unparseable. */
export function toUtcDay(date: string | Date): number {
  if (date instanceof Date) return Math.floor(date.getTime() / MS_PER_DAY);
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  const iso = compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : date;
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const ms = Date.parse(dayOnly ? `${iso}T00:00:00Z` : iso);
  return Math.floor(ms / MS_PER_DAY);
}

interface DayTotals {
  readonly customerId: string;
  readonly calibration: Map<number, number>;
  holdoutDays: Set<number>;
  holdoutValue: number;
}

export function buildRfmSummary(transactions: readonly Transaction[], options: RfmOptions): RfmRow[] {
  const calibrationEnd = parseBoundary(options.calibrationEnd, 'calibrationEnd');
  const holdoutEnd =
    options.holdoutEnd === undefined ? calibrationEnd : parseBoundary(options.holdoutEnd, 'holdoutEnd');
  if (holdoutEnd < calibrationEnd)
    throw new RangeError('buildRfmSummary: holdoutEnd is before calibrationEnd');
  const unit = options.timeUnitDays ?? 7;
  if (!(unit > 0)) throw new RangeError(`buildRfmSummary: timeUnitDays must be > 0, got ${unit}`);
  const byCustomer = new Map<string, DayTotals>();
  transactions.forEach((transaction, index) => {
    const parsed = transactionSchema.safeParse(transaction);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `buildRfmSummary: transaction #${index}, field ${issue?.path.join('.')}: ${issue?.message}`,
      );
    }
    const day = toUtcDay(transaction.date);
    if (Number.isNaN(day)) {
      throw new Error(
        `buildRfmSummary: transaction #${index} (customerId ${transaction.customerId}), field date: ` +
          `cannot parse ${JSON.stringify(String(transaction.date))}; use YYYY-MM-DD or YYYYMMDD`,
      );
    }
    let totals = byCustomer.get(transaction.customerId);
    if (!totals) {
      totals = {
        customerId: transaction.customerId,
        calibration: new Map(),
        holdoutDays: new Set(),
        holdoutValue: 0,
      };
      byCustomer.set(transaction.customerId, totals);
    }
    if (day <= calibrationEnd) {
      totals.calibration.set(day, (totals.calibration.get(day) ?? 0) + transaction.amount);
    } else if (day <= holdoutEnd) {
      totals.holdoutDays.add(day);
      totals.holdoutValue += transaction.amount;
    }
  });
  const rows: RfmRow[] = [];
  for (const totals of byCustomer.values()) {
    // Customers whose first purchase falls after calibration belong to a later cohort.
    if (totals.calibration.size === 0) continue;
    rows.push(summarise(totals, calibrationEnd, unit));
  }
  return rows;
}

function summarise(totals: DayTotals, calibrationEnd: number, unit: number): RfmRow {
  const days = [...totals.calibration.keys()].sort((a, b) => a - b);
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const firstPurchaseValue = totals.calibration.get(first)!;
  let calibrationValue = 0;
  for (const value of totals.calibration.values()) calibrationValue += value;
  const frequency = days.length - 1;
  return {
    customerId: totals.customerId,
    frequency,
    recency: (last - first) / unit,
    age: (calibrationEnd - first) / unit,
    monetaryValue: frequency > 0 ? (calibrationValue - firstPurchaseValue) / frequency : 0,
    firstPurchaseValue,
    calibrationValue,
    purchaseDays: days.length,
    holdoutPurchases: totals.holdoutDays.size,
    holdoutValue: totals.holdoutValue,
  };
}

function parseBoundary(value: string | Date, field: string): number {
  const day = toUtcDay(value);
  if (Number.isNaN(day)) {
    throw new Error(`buildRfmSummary: option ${field} = ${JSON.stringify(String(value))} is not a date`);
  }
  return day;
}
