import { integerLiteral, stringLiteral } from '../../sql/literals.ts';
import { DAY_MS } from '../time.ts';
import type { QueryExtras } from './compile.ts';
import type { FeatureDialect } from './dialect.ts';

/** Output columns of purchaseHistory, read by models/ltv-facts.ts. */
export const PURCHASE_COLUMNS = [
  'ltv_days',
  'ltv_first_day',
  'ltv_last_day',
  'ltv_repeat_total',
  'ltv_revenue',
] as const;

/**
 * An account's purchases before each target's cutoff by UTC day (same-day purchases are one, as in
 * BTYD): how many days, the first and last, and the revenue of the days after the first. With
 * `revenueDays`, also the revenue actually received in (cutoff, cutoff + revenueDays], counting only
 * purchases before `observedUntilMs`.
 */
export function purchaseHistory(
  dialect: FeatureDialect,
  purchaseNames: readonly string[],
  revenue?: { readonly days: number; readonly observedUntilMs: number },
): QueryExtras {
  const names = purchaseNames.map((n) => stringLiteral(n, dialect.sql)).join(', ');
  const day = `FLOOR(e.at_ms / ${integerLiteral(DAY_MS)})`;
  const ctes = [
    `sb_purchase_days AS (
  SELECT t.row_id, ${day} AS day, SUM(COALESCE(e.value, 0)) AS amount
  FROM sb_t t JOIN sb_events e ON e.account_id = t.entity_id AND e.at_ms < t.cutoff_ms
  WHERE e.name IN (${names})
  GROUP BY t.row_id, ${day})`,
    `sb_rfm AS (
  SELECT d.row_id, COUNT(*) AS days, MIN(d.day) AS first_day, MAX(d.day) AS last_day,
    SUM(CASE WHEN d.day > f.first_day THEN d.amount ELSE 0 END) AS repeat_total
  FROM sb_purchase_days d
  JOIN (SELECT row_id, MIN(day) AS first_day FROM sb_purchase_days GROUP BY row_id) f ON f.row_id = d.row_id
  GROUP BY d.row_id)`,
  ];
  const joins = ['LEFT JOIN sb_rfm rfm ON rfm.row_id = t.row_id'];
  const columns = [
    'COALESCE(rfm.days, 0) AS ltv_days',
    'rfm.first_day AS ltv_first_day',
    'rfm.last_day AS ltv_last_day',
    'COALESCE(rfm.repeat_total, 0) AS ltv_repeat_total',
  ];
  if (revenue) {
    ctes.push(`sb_revenue AS (
  SELECT t.row_id, SUM(COALESCE(e.value, 0)) AS revenue
  FROM sb_t t JOIN sb_events e ON e.account_id = t.entity_id
    AND e.at_ms > t.cutoff_ms AND e.at_ms <= t.cutoff_ms + ${integerLiteral(revenue.days * DAY_MS)}
    AND e.at_ms < ${integerLiteral(revenue.observedUntilMs)}
  WHERE e.name IN (${names})
  GROUP BY t.row_id)`);
    joins.push('LEFT JOIN sb_revenue rev ON rev.row_id = t.row_id');
    columns.push('COALESCE(rev.revenue, 0) AS ltv_revenue');
  }
  return { ctes, joins, columns };
}
