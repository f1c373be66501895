/**
 * The anchor for what this machine can do: hand-written DuckDB SQL computing aggregates comparable
 * to the built-in catalog (11 event types × 6 windows, last time per type, purchases, distinct
 * features, ticket severity, active users) over the same events, on a table where ids are already
 * resolved and the properties the aggregates read are already columns. Building that table is
 * timed separately (it plays the part of loading a CSV into DuckDB).
 */

const DAY = 86_400_000;
const TYPES = [
  'login',
  'feature_use',
  'page_view',
  'email_open',
  'email_click',
  'email_reply',
  'meeting',
  'call',
  'form_submit',
  'support_ticket',
  'email_sent',
];
const WINDOWS = [7, 30, 35, 60, 90, null];

export const REFERENCE_TABLE = `CREATE OR REPLACE TABLE ref_events AS
SELECT e.event_id, e.contact_id, e.account_id, e.in_contact, e.name, e.at_ms, e.value,
  json_extract_string(e.properties, '$.feature') AS feature,
  lower(json_extract_string(e.properties, '$.severity')) AS severity
FROM sb_events e`;

function typeColumns(cutoff: number): string[] {
  const out: string[] = [];
  for (const type of TYPES) {
    for (const days of WINDOWS) {
      const window = days === null ? '' : ` AND at_ms >= ${cutoff - days * DAY}`;
      out.push(`COUNT(CASE WHEN name = '${type}'${window} THEN 1 END) AS ${type}_${days ?? 'all'}`);
    }
    out.push(`(${cutoff} - MAX(CASE WHEN name = '${type}' THEN at_ms END)) / ${DAY}.0 AS days_since_${type}`);
  }
  return out;
}

/** Per person: 66 windowed counts and 11 recencies (77 columns). */
export function referenceContactQuery(cutoff: number): string {
  return `SELECT contact_id, ${typeColumns(cutoff).join(',\n  ')}
FROM ref_events WHERE in_contact AND at_ms < ${cutoff}
GROUP BY contact_id`;
}

/** Per company: the same 77 plus purchases, features, tickets and active users (92 columns). */
export function referenceAccountQuery(cutoff: number): string {
  const extra = [
    `COUNT(CASE WHEN name = 'purchase' AND at_ms >= ${cutoff - 365 * DAY} THEN 1 END) AS purchases_365`,
    `SUM(CASE WHEN name = 'purchase' AND at_ms >= ${cutoff - 365 * DAY} THEN value END) AS paid_365`,
    `SUM(CASE WHEN name = 'purchase' AND at_ms >= ${cutoff - 90 * DAY} THEN value END) AS paid_90`,
    `AVG(CASE WHEN name = 'purchase' THEN value END) AS average_payment`,
    `COUNT(DISTINCT CASE WHEN name = 'feature_use' AND at_ms >= ${cutoff - 30 * DAY} THEN feature END) AS features_30`,
    `COUNT(DISTINCT CASE WHEN name = 'feature_use' AND at_ms >= ${cutoff - 90 * DAY} THEN feature END) AS features_90`,
    `COUNT(DISTINCT CASE WHEN name = 'feature_use' THEN feature END) AS features_ever`,
    `SUM(CASE WHEN name = 'support_ticket' AND at_ms >= ${cutoff - 90 * DAY} THEN CASE severity WHEN 'low' THEN 0.5 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3 ELSE 1 END END) AS ticket_load_90`,
    `COUNT(CASE WHEN name = 'support_ticket' AND severity IN ('high', 'urgent') AND at_ms >= ${cutoff - 90 * DAY} THEN 1 END) AS high_tickets_90`,
    `COUNT(DISTINCT CASE WHEN name IN ('login', 'feature_use') AND at_ms >= ${cutoff - 30 * DAY} THEN contact_id END) AS active_users_30`,
    `COUNT(DISTINCT CASE WHEN name IN ('login', 'feature_use') AND at_ms >= ${cutoff - 90 * DAY} THEN contact_id END) AS active_users_90`,
    `COUNT(DISTINCT contact_id) AS known_people`,
    `(${cutoff} - MAX(at_ms)) / ${DAY}.0 AS days_since_any`,
    `(${cutoff} - MAX(CASE WHEN name = 'purchase' THEN at_ms END)) / ${DAY}.0 AS days_since_purchase`,
    `MIN(at_ms) AS first_event_ms`,
  ];
  return `SELECT account_id, ${[...typeColumns(cutoff), ...extra].join(',\n  ')}
FROM ref_events WHERE account_id IS NOT NULL AND at_ms < ${cutoff}
GROUP BY account_id`;
}
