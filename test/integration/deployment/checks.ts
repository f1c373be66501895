import { salesforceFieldName } from '../../../connectors/salesforce/score-fields.ts';
import { taskKey } from '../../../connectors/salesforce/tasks.ts';
import { deterministicMessageId } from '../../../workflows/email/index.ts';
import type { StoreReader } from '../../helpers/fleet/store-reader.ts';
import type { FleetWorld } from '../../helpers/fleet/world.ts';
import { SENDING_DOMAIN } from '../../helpers/fleet/world.ts';
import { headerOf } from '../workflows/app/scripted-smtp.ts';

export interface RecordCheck {
  /** Per system/object type: records the CRM holds. */
  readonly expected: Record<string, number>;
  /** Keys the CRM holds that the store does not (lost records). */
  readonly lost: string[];
  /** Keys the store holds that no CRM does. */
  readonly unexpected: string[];
  /** Source records whose stored title is not the CRM's current one (lost updates). */
  readonly stale: string[];
  /** Live canonical contacts sharing a normalised e-mail, accounts sharing a domain (duplicates). */
  readonly duplicateContacts: string[];
  readonly duplicateAccounts: string[];
}

interface CrmRecord {
  readonly key: string;
  /** The title the CRM holds now (contacts only), to catch a lost update. */
  readonly title?: string;
}

/** Every contact, company and deal in both emulators, keyed the way the store keys source records. */
export function emulatorRecords(world: FleetWorld): CrmRecord[] {
  const out: CrmRecord[] = [];
  const hubspot = world.hubspot.state;
  for (const type of ['contacts', 'companies'] as const) {
    for (const object of hubspot.tables[type].scanFrom(0, false)) {
      out.push({
        key: `ref:hubspot/${type}/${object.id}`,
        ...(type === 'contacts' ? { title: object.properties.jobtitle ?? '' } : {}),
      });
    }
  }
  for (const object of ['Contact', 'Lead', 'Account'] as const) {
    for (const row of world.salesforce.state.requireTable(object).rows()) {
      if (row.IsDeleted === true || row.IsConverted === true) continue;
      out.push({
        key: `ref:salesforce/${object}/${row.Id as string}`,
        ...(object === 'Account' ? {} : { title: (row.Title as string | null) ?? '' }),
      });
    }
  }
  return out;
}

const kindOf = (key: string) => key.split('/').slice(0, 2).join('/');

/** Lost, unexpected, stale and duplicated records: the store against what both CRMs hold. */
export async function checkRecords(read: StoreReader, world: FleetWorld): Promise<RecordCheck> {
  const crm = emulatorRecords(world);
  const stored = await read<{
    key: string;
    title: string | null;
    deleted: number;
  }>(`SELECT source_key AS key, json_extract(payload, '$.title') AS title, deleted FROM source_records
      WHERE kind IN ('contact', 'account')`);
  const byKey = new Map(stored.map((row) => [row.key, row]));
  const crmKeys = new Set(crm.map((record) => record.key));
  const expected: Record<string, number> = {};
  for (const record of crm) expected[kindOf(record.key)] = (expected[kindOf(record.key)] ?? 0) + 1;
  const lost = crm.filter((record) => Number(byKey.get(record.key)?.deleted ?? 1) !== 0).map((r) => r.key);
  const stale = crm
    .filter((record) => record.title !== undefined && byKey.has(record.key))
    .filter((record) => (byKey.get(record.key)!.title ?? '') !== record.title)
    .map((record) => `${record.key}: store '${byKey.get(record.key)!.title}', CRM '${record.title}'`);
  const unexpected = stored
    .filter((row) => Number(row.deleted) === 0 && !crmKeys.has(row.key))
    .map((r) => r.key);
  const duplicateContacts = (
    await read<{ email: string; n: number }>(`SELECT email_normalized AS email, COUNT(*) AS n FROM contacts
        WHERE merged_into IS NULL AND deleted_at IS NULL AND email_normalized IS NOT NULL
        GROUP BY email_normalized HAVING COUNT(*) > 1`)
  ).map((row) => `${row.email} x${row.n}`);
  const duplicateAccounts = (
    await read<{ domain: string; n: number }>(`SELECT domain, COUNT(*) AS n FROM accounts
        WHERE merged_into IS NULL AND deleted_at IS NULL AND domain IS NOT NULL
        GROUP BY domain HAVING COUNT(*) > 1`)
  ).map((row) => `${row.domain} x${row.n}`);
  return { expected, lost, unexpected, stale, duplicateContacts, duplicateAccounts };
}

export interface EmailCheck {
  readonly enrollments: number;
  readonly enrollmentStates: Record<string, number>;
  /** Enrollments whose three email rows are not all `sent`. */
  readonly incomplete: string[];
  readonly emailRows: number;
  readonly delivered: number;
  /** Message-IDs the SMTP server received more than once. */
  readonly duplicates: string[];
  /** Rows marked sent whose Message-ID never reached the server. */
  readonly sentNotDelivered: string[];
  /** Messages at the server that no outbox row accounts for. */
  readonly unaccounted: string[];
}

/** Each enrollment's three emails exactly once at the SMTP server, by their deterministic Message-ID. */
export async function checkEmails(read: StoreReader, world: FleetWorld): Promise<EmailCheck> {
  const rows = await read<{
    key: string;
    state: string;
    enrollment: string;
  }>(`SELECT idempotency_key AS key, state, json_extract(payload, '$.enrollmentId') AS enrollment
       FROM outbox WHERE kind = 'email'`);
  const states = await read<{ state: string; n: number }>(
    'SELECT state, COUNT(*) AS n FROM enrollments GROUP BY state',
  );
  const deliveries = new Map<string, number>();
  for (const mail of world.smtp.delivered) {
    const id = headerOf(mail.raw, 'Message-ID') ?? '(none)';
    deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
  }
  const perEnrollment = new Map<string, string[]>();
  for (const row of rows)
    perEnrollment.set(String(row.enrollment), [
      ...(perEnrollment.get(String(row.enrollment)) ?? []),
      row.state,
    ]);
  const ids = new Set(rows.map((row) => deterministicMessageId(row.key, SENDING_DOMAIN)));
  return {
    enrollments: states.reduce((sum, row) => sum + Number(row.n), 0),
    enrollmentStates: Object.fromEntries(states.map((row) => [row.state, Number(row.n)])),
    incomplete: [...perEnrollment]
      .filter(([, list]) => list.length !== 3 || list.some((state) => state !== 'sent'))
      .map(([enrollment, list]) => `${enrollment}: ${list.join(', ')}`),
    emailRows: rows.length,
    delivered: world.smtp.delivered.length,
    duplicates: [...deliveries].filter(([, n]) => n > 1).map(([id, n]) => `${id} x${n}`),
    sentNotDelivered: rows
      .filter((row) => row.state === 'sent')
      .map((row) => deterministicMessageId(row.key, SENDING_DOMAIN))
      .filter((id) => !deliveries.has(id)),
    unaccounted: [...deliveries.keys()].filter((id) => !ids.has(id)),
  };
}

export interface TaskCheck {
  readonly outboxTasks: Record<string, number>;
  readonly hubspotTasks: number;
  readonly salesforceTasks: number;
  /** Task keys present more than once in a CRM. */
  readonly duplicates: string[];
  /** Task rows marked sent with no task in the CRM. */
  readonly missing: string[];
}

/** The tasks scorebridge created in each emulated CRM, counted by their idempotency key. */
export async function checkTasks(read: StoreReader, world: FleetWorld): Promise<TaskCheck> {
  const rows = await read<{
    key: string;
    state: string;
    connector: string;
  }>(`SELECT idempotency_key AS key, state, COALESCE(json_extract(payload, '$.connector'), '') AS connector
       FROM outbox WHERE kind = 'task'`);
  const hubspotKeys = [...world.hubspot.state.tables.tasks.scanFrom(0, false)]
    .filter((task) => task.properties.scorebridge_task_key)
    .map((task) => task.properties.scorebridge_task_key!);
  const salesforceKeys = [...world.salesforce.state.requireTable('Task').rows()]
    .filter((row) => row.IsDeleted !== true && typeof row.Scorebridge_Key__c === 'string')
    .map((row) => row.Scorebridge_Key__c as string);
  const counted = new Map<string, number>();
  for (const key of [
    ...hubspotKeys.map((k) => `hubspot:${k}`),
    ...salesforceKeys.map((k) => `salesforce:${k}`),
  ])
    counted.set(key, (counted.get(key) ?? 0) + 1);
  const crmKeys = new Set([
    ...hubspotKeys.map((k) => `hubspot:${k}`),
    ...salesforceKeys.map((k) => `salesforce:${k}`),
  ]);
  const outboxTasks: Record<string, number> = {};
  for (const row of rows) outboxTasks[row.state] = (outboxTasks[row.state] ?? 0) + 1;
  return {
    outboxTasks,
    hubspotTasks: hubspotKeys.length,
    salesforceTasks: salesforceKeys.length,
    duplicates: [...counted].filter(([, n]) => n > 1).map(([key, n]) => `${key} x${n}`),
    missing: rows
      .filter((row) => row.state === 'sent')
      .filter(
        (row) =>
          !crmKeys.has(
            row.connector === 'salesforce' ? `salesforce:${taskKey(row.key)}` : `hubspot:${row.key}`,
          ),
      )
      .map((row) => `${row.connector}: ${row.key}`),
  };
}

export interface WriteBackCheck {
  /** Scored accounts whose record in each CRM was compared. */
  readonly compared: number;
  /** `crm record: store tier/score, CRM tier/score` for every record that differs. */
  readonly differing: string[];
}

/** Every scored account's churn tier and score as both CRMs show them, against the store. */
export async function checkWriteBack(read: StoreReader, world: FleetWorld): Promise<WriteBackCheck> {
  const scored = await read<{ value: number | string; tier: string; sources: string }>(
    `SELECT s.value, s.tier, a.sources FROM scores s JOIN accounts a ON a.id = s.entity_id
      WHERE s.model = 'churn_risk' AND s.entity_type = 'account'`,
  );
  const accounts = world.salesforce.state.requireTable('Account');
  const [sfScore, sfTier] = [salesforceFieldName('churn_risk'), salesforceFieldName('churn_risk_tier')];
  const differing: string[] = [];
  let compared = 0;
  for (const row of scored) {
    const value = Number(row.value);
    for (const ref of JSON.parse(row.sources) as Array<{ system: string; externalId: string }>) {
      let crm: { tier: unknown; score: number };
      if (ref.system === 'hubspot') {
        const company = world.hubspot.state.live('companies', ref.externalId);
        crm = {
          tier: company?.properties.scorebridge_churn_risk_tier,
          score: Number(company?.properties.scorebridge_churn_risk_score),
        };
      } else {
        const account = accounts.get(ref.externalId);
        crm = { tier: account?.[sfTier], score: Number(account?.[sfScore]) };
      }
      compared += 1;
      // Salesforce keeps one decimal: equal within that rounding.
      if (crm.tier !== row.tier || !(Math.abs(crm.score - value) <= 0.051))
        differing.push(
          `${ref.system} ${ref.externalId}: store ${row.tier}/${value}, CRM ${String(crm.tier)}/${crm.score}`,
        );
    }
  }
  return { compared, differing };
}
