import { stringLiteral } from '../../sql/literals.ts';
import type { FeatureDialect } from './dialect.ts';

/**
 * The relations feature SQL reads, whatever the engine. The embedded engine defines them over its
 * replica of the store (core/store/analytics/replica-views.ts); a warehouse defines them over the
 * tables its connector reads (app/warehouse/feature-relations.ts). Instants are epoch milliseconds.
 *
 * sb_contacts(contact_id, account_id, created_ms, updated_ms, role, title, country, city,
 *             lifecycle_stage, properties JSON, active)
 * sb_accounts(account_id, created_ms, updated_ms, industry, country, employees, annual_revenue,
 *             plan, mrr, status, churned_ms, properties JSON, active)
 * sb_events(event_id, contact_id, account_id, in_contact, name, at_ms, value, properties JSON)
 * sb_deals(deal_id, account_id, contact_id, status, amount, created_ms, closed_ms, updated_ms)
 *
 * Every entity is listed, deleted and merged ones with `active` false; only active ones are scored.
 */
export const CANONICAL_RELATIONS = ['sb_contacts', 'sb_accounts', 'sb_events', 'sb_deals'] as const;

/** Properties some CRMs use to record when an account or person became a customer. */
export const CUSTOMER_SINCE_PROPERTIES = [
  'customerSince',
  'customer_since',
  'becameCustomerAt',
  'became_customer_at',
];

/** Smallest of the non-NULL arguments (NULL when all are): LEAST alone is NULL on any NULL in most warehouses. */
export function leastKnown(values: readonly string[]): string {
  if (values.length === 1) return values[0]!;
  const rotations = values.map(
    (_, i) => `COALESCE(${[...values.slice(i), ...values.slice(0, i)].join(', ')})`,
  );
  return `LEAST(${rotations.join(', ')})`;
}

function declaredInstant(dialect: FeatureDialect, column: string): string {
  return `COALESCE(${CUSTOMER_SINCE_PROPERTIES.map((name) => dialect.jsonInstant(column, name)).join(', ')})`;
}

/**
 * When each account became a customer and whether it left: its first won deal's close, else a
 * declared "customer since" property, else (for accounts a CRM marks active or churned) its
 * creation. The same rules as features/customer-timeline.ts.
 */
export function accountTimelineSql(dialect: FeatureDialect): string {
  const active = stringLiteral('active', dialect.sql);
  const churned = stringLiteral('churned', dialect.sql);
  return `SELECT a.account_id, a.active, a.status, a.churned_ms,
    COALESCE(a.created_ms, a.updated_ms) AS existed_ms,
    COALESCE(w.first_won_ms, ${declaredInstant(dialect, 'a.properties')},
      CASE WHEN a.status IN (${active}, ${churned}) THEN a.created_ms END) AS customer_since_ms
  FROM sb_accounts a
  LEFT JOIN (
    SELECT account_id, MIN(COALESCE(closed_ms, updated_ms)) AS first_won_ms
    FROM sb_deals WHERE status = ${stringLiteral('won', dialect.sql)} AND account_id IS NOT NULL GROUP BY account_id
  ) w ON w.account_id = a.account_id`;
}

/**
 * When each person converted: their own first won deal, their account becoming a customer, or a
 * declared property, whichever came first (customer-timeline.ts contactConvertedMs).
 */
export function contactTimelineSql(dialect: FeatureDialect, accountTimeline: string): string {
  return `SELECT c.contact_id, c.account_id, c.active, c.lifecycle_stage,
    COALESCE(c.created_ms, c.updated_ms) AS existed_ms,
    ${leastKnown(['w.first_won_ms', 'atl.customer_since_ms', declaredInstant(dialect, 'c.properties')])} AS converted_ms
  FROM sb_contacts c
  LEFT JOIN ${accountTimeline} atl ON atl.account_id = c.account_id
  LEFT JOIN (
    SELECT contact_id, MIN(COALESCE(closed_ms, updated_ms)) AS first_won_ms
    FROM sb_deals WHERE status = ${stringLiteral('won', dialect.sql)} AND contact_id IS NOT NULL GROUP BY contact_id
  ) w ON w.contact_id = c.contact_id`;
}
