import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadListPage } from '../../../app/server/dashboard/list-data.ts';
import { listParamsSchema } from '../../../app/server/dashboard/list-params.ts';
import { productMigrations } from '../../../app/store.ts';
import { FixedClock } from '../../../core/clock.ts';
import { PostgresSyncDatabase } from '../../../core/store/postgres/sync-database.ts';
import { migrate } from '../../../core/store/sqlite/migrate.ts';
import { canonicalMigrations } from '../../../core/store/sqlite/migrations.ts';
import { SqliteCanonicalStore } from '../../../core/store/sqlite/sqlite-store.ts';
import { adminQuery } from '../../helpers/postgres-database.ts';
import { account, batch } from '../../helpers/records.ts';

const clock = new FixedClock('2026-11-02T09:00:00Z');

// Postgres databases usually sort text by a language's rules, where a prefix is not always a range: in
// Czech "ch" is a letter of its own, sorted after "h", so "Chata" is not between "c" and "d".
describe('dashboard search on a Postgres database with a Czech collation', () => {
  const adminUrl = inject('postgresUrl');
  const name = `sb_icu_${process.pid}_${randomBytes(4).toString('hex')}`;
  let store: SqliteCanonicalStore;

  beforeAll(async () => {
    await adminQuery(
      adminUrl,
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'cs-CZ' LOCALE 'C.UTF-8'`,
    );
    const db = new PostgresSyncDatabase({ url: adminUrl.replace(/\/postgres$/, `/${name}`) });
    migrate(db, [...canonicalMigrations, ...productMigrations], () => clock.now().toISOString());
    store = new SqliteCanonicalStore(db, { clock });
    await store.applyBatch(
      batch('accounts', [
        account('hubspot', '1', { name: 'Chata Beskydy' }),
        account('hubspot', '2', { name: 'Cukrovar Hrušovany' }),
        account('hubspot', '3', { name: 'Hrad Karlštejn' }),
        account('hubspot', '4', { name: "O'Brien Freight" }),
        account('hubspot', '5', { name: 'Obama Foods' }),
      ]),
    );
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  const names = (q: string) =>
    loadListPage(
      store.database,
      'account',
      { all: [], primary: undefined },
      listParamsSchema.parse({ q }),
    ).records.map((r) => r.name);

  it('finds every name that starts with what was typed, as on SQLite', () => {
    expect(names('c').sort()).toEqual(['Chata Beskydy', 'Cukrovar Hrušovany']);
    expect(names('ch')).toEqual(['Chata Beskydy']);
    expect(names('h')).toEqual(['Hrad Karlštejn']);
    expect(names("o'b")).toEqual(["O'Brien Freight"]);
  });
});
