import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { WELL_KNOWN_EVENT_TYPES } from '../../../core/schema/event.ts';
import { productFeatures, severityWeight, type TicketSeverity } from '../../../demo/vocab/product.ts';

/**
 * Reads a generated demo directory back into compact arrays for model-quality checks. Rows a
 * connector would quarantine (unparseable instant) are skipped, as they would be, and so are events
 * outside the well-known names, which no feature here reads.
 */

export interface DemoAccountRow {
  readonly id: string;
  readonly industry: string;
  readonly employees: number;
  readonly churnedAtMs: number | null;
  readonly createdAtMs: number;
}

export interface DemoContactRow {
  readonly id: string;
  readonly account: number;
  readonly role: string;
  readonly createdAtMs: number;
}

export interface DemoDealRow {
  readonly account: number;
  readonly expansion: boolean;
  readonly status: string;
  readonly createdAtMs: number;
  readonly closedAtMs: number | null;
}

/** Column-wise event table; one slot per event, in file order (grouped by account, time-sorted). */
export interface EventTable {
  readonly count: number;
  readonly account: Int32Array;
  readonly contact: Int32Array;
  readonly type: Uint8Array;
  readonly atMs: Float64Array;
  readonly value: Float64Array;
  /** Feature index for feature_use, severity weight for support_ticket, 1 for a pricing page view. */
  readonly detail: Float64Array;
  readonly plan: Uint8Array;
}

export interface DemoData {
  readonly accounts: DemoAccountRow[];
  readonly contacts: DemoContactRow[];
  readonly deals: DemoDealRow[];
  readonly events: EventTable;
  /** Contact index -> conversion instant. */
  readonly contactConvertedAt: Map<number, number>;
}

export const typeCode = new Map<string, number>(WELL_KNOWN_EVENT_TYPES.map((t, i) => [t, i]));
export const planCode: Readonly<Record<string, number>> = { Starter: 1, Growth: 2, Enterprise: 3 };

async function* rows(path: string): AsyncGenerator<Record<string, string>> {
  const parser = createReadStream(path).pipe(parse({ columns: true, relax_column_count: true }));
  for await (const row of parser) yield row as Record<string, string>;
}

function instant(text: string | undefined): number | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(array: T, size: number): T {
  if (size <= array.length) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  bigger.set(array);
  return bigger;
}

async function loadEvents(
  path: string,
  accountIndex: Map<string, number>,
  contactIndex: Map<string, number>,
): Promise<EventTable> {
  let capacity = 1 << 16;
  let t = {
    account: new Int32Array(capacity),
    contact: new Int32Array(capacity),
    type: new Uint8Array(capacity),
    atMs: new Float64Array(capacity),
    value: new Float64Array(capacity),
    detail: new Float64Array(capacity),
    plan: new Uint8Array(capacity),
  };
  let n = 0;
  for await (const row of rows(path)) {
    const type = typeCode.get(row.type ?? '');
    const at = instant(row.occurred_at);
    const account = accountIndex.get(row.account_id ?? '');
    if (type === undefined || at === null || account === undefined) continue;
    if (n === capacity) {
      capacity *= 2;
      t = {
        account: grow(t.account, capacity),
        contact: grow(t.contact, capacity),
        type: grow(t.type, capacity),
        atMs: grow(t.atMs, capacity),
        value: grow(t.value, capacity),
        detail: grow(t.detail, capacity),
        plan: grow(t.plan, capacity),
      };
    }
    t.account[n] = account;
    t.contact[n] = contactIndex.get(row.contact_id ?? '') ?? -1;
    t.type[n] = type;
    t.atMs[n] = at;
    t.value[n] = Number(row.value || 0);
    t.detail[n] = row.feature
      ? productFeatures.indexOf(row.feature)
      : row.severity
        ? (severityWeight[row.severity as TicketSeverity] ?? 1)
        : row.page === '/pricing'
          ? 1
          : 0;
    t.plan[n] = planCode[row.plan ?? ''] ?? 0;
    n++;
  }
  return { count: n, ...t };
}

export async function loadDemo(dir: string): Promise<DemoData> {
  const accounts: DemoAccountRow[] = [];
  const accountIndex = new Map<string, number>();
  for await (const row of rows(join(dir, 'accounts.csv'))) {
    accountIndex.set(row.account_id ?? '', accounts.length);
    accounts.push({
      id: row.account_id ?? '',
      industry: row.industry ?? '',
      employees: Number(row.employees) || 0,
      churnedAtMs: instant(row.churned_at),
      createdAtMs: instant(row.created_at) ?? 0,
    });
  }
  const contacts: DemoContactRow[] = [];
  const contactIndex = new Map<string, number>();
  for await (const row of rows(join(dir, 'contacts.csv'))) {
    const account = accountIndex.get(row.account_id ?? '');
    if (account === undefined) continue;
    contactIndex.set(row.contact_id ?? '', contacts.length);
    contacts.push({
      id: row.contact_id ?? '',
      account,
      role: row.role ?? '',
      createdAtMs: instant(row.created_at) ?? 0,
    });
  }
  const deals: DemoDealRow[] = [];
  for await (const row of rows(join(dir, 'deals.csv'))) {
    const account = accountIndex.get(row.account_id ?? '');
    const created = instant(row.created_at);
    if (account === undefined || created === null) continue;
    deals.push({
      account,
      expansion: (row.name ?? '').endsWith('Expansion'),
      status: row.status ?? '',
      createdAtMs: created,
      closedAtMs: instant(row.closed_at),
    });
  }
  const contactConvertedAt = new Map<number, number>();
  for await (const row of rows(join(dir, 'truth.csv'))) {
    const contact = contactIndex.get(row.entity_id ?? '');
    const at = instant(row.occurred_at);
    if (row.entity_type === 'contact' && row.outcome === 'converted' && contact !== undefined && at !== null)
      contactConvertedAt.set(contact, at);
  }
  const events = await loadEvents(join(dir, 'events.csv'), accountIndex, contactIndex);
  return { accounts, contacts, deals, events, contactConvertedAt };
}
