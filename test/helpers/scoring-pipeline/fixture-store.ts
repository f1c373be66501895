import { FixedClock } from '../../../core/clock.ts';
import type { SourceRecord } from '../../../core/schema/index.ts';
import { sourceRecordSchema } from '../../../core/schema/index.ts';
import { openSqliteStore, type SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import type { Migration } from '../../../core/store/sqlite/migrations.ts';

/** A compact way to write a store's content in a test: ids are the CRM's, times ISO. */
export interface FixtureAccount {
  readonly id: string;
  readonly createdAt?: string;
  readonly status?: 'prospect' | 'trial' | 'active' | 'churned';
  readonly churnedAt?: string;
  readonly plan?: string;
  readonly mrr?: number;
  readonly industry?: string;
  readonly employees?: number;
  readonly annualRevenue?: number;
  readonly country?: string;
}

export interface FixtureContact {
  readonly id: string;
  readonly account?: string;
  readonly createdAt?: string;
  readonly role?: string;
  readonly country?: string;
  readonly lifecycleStage?: string;
}

export interface FixtureEvent {
  readonly id: string;
  readonly type: string;
  readonly at: string;
  readonly contact?: string;
  readonly account?: string;
  readonly value?: number;
  readonly properties?: Record<string, string | number>;
}

export interface FixtureDeal {
  readonly id: string;
  readonly account?: string;
  readonly contact?: string;
  readonly status: 'open' | 'won' | 'lost';
  readonly createdAt: string;
  readonly closedAt?: string;
  readonly amount?: number;
}

export interface Fixture {
  readonly accounts?: readonly FixtureAccount[];
  readonly contacts?: readonly FixtureContact[];
  readonly events?: readonly FixtureEvent[];
  readonly deals?: readonly FixtureDeal[];
}

const SYSTEM = 'crm';
const ref = (objectType: string, externalId: string) => ({ system: SYSTEM, objectType, externalId });
const UPDATED = '2026-06-01T00:00:00Z';

export function fixtureRecords(fixture: Fixture): SourceRecord[] {
  const records: unknown[] = [];
  for (const a of fixture.accounts ?? []) {
    records.push({
      kind: 'account',
      ref: ref('accounts', a.id),
      updatedAt: UPDATED,
      name: a.id,
      domain: `${a.id.toLowerCase()}.example`,
      ...a,
      id: undefined,
    });
  }
  for (const c of fixture.contacts ?? []) {
    const { account, id, ...rest } = c;
    records.push({
      kind: 'contact',
      ref: ref('contacts', id),
      updatedAt: UPDATED,
      email: `${id.toLowerCase()}@example.com`,
      ...rest,
      ...(account ? { account: ref('accounts', account) } : {}),
    });
  }
  for (const e of fixture.events ?? []) {
    records.push({
      kind: 'event',
      ref: ref('events', e.id),
      type: e.type,
      occurredAt: e.at,
      ...(e.contact ? { contact: ref('contacts', e.contact) } : {}),
      ...(e.account ? { account: ref('accounts', e.account) } : {}),
      ...(e.value === undefined ? {} : { value: e.value }),
      properties: e.properties ?? {},
    });
  }
  for (const d of fixture.deals ?? []) {
    records.push({
      kind: 'deal',
      ref: ref('deals', d.id),
      updatedAt: d.closedAt ?? d.createdAt,
      status: d.status,
      createdAt: d.createdAt,
      ...(d.closedAt ? { closedAt: d.closedAt } : {}),
      ...(d.amount === undefined ? {} : { amount: d.amount }),
      ...(d.account ? { account: ref('accounts', d.account) } : {}),
      ...(d.contact ? { contact: ref('contacts', d.contact) } : {}),
    });
  }
  return records.map((record) => sourceRecordSchema.parse(JSON.parse(JSON.stringify(record))));
}

/** Opens an in-memory store holding the fixture (accounts first so references resolve). */
export async function fixtureStore(
  fixture: Fixture,
  options: { now?: string; extraMigrations?: readonly Migration[]; path?: string } = {},
): Promise<SqliteCanonicalStore> {
  const store = await openSqliteStore({
    path: options.path ?? ':memory:',
    clock: new FixedClock(options.now ?? '2026-06-01T00:00:00Z'),
    ...(options.extraMigrations ? { extraMigrations: options.extraMigrations } : {}),
  });
  await addToStore(store, fixture);
  return store;
}

export async function addToStore(store: SqliteCanonicalStore, fixture: Fixture): Promise<void> {
  await store.applyBatch({ stream: 'fixture', records: fixtureRecords(fixture), rejected: [], cursor: null });
}

/** The canonical id of a fixture entity, found by its CRM id. */
export async function canonicalId(
  store: SqliteCanonicalStore,
  type: 'contact' | 'account',
  externalId: string,
): Promise<string> {
  const pages =
    type === 'contact'
      ? store.iterateContacts({ includeInactive: true })
      : store.iterateAccounts({ includeInactive: true });
  for await (const page of pages) {
    for (const entity of page) if (entity.sources.some((s) => s.externalId === externalId)) return entity.id;
  }
  throw new Error(`no ${type} with CRM id ${externalId} in the fixture store`);
}
