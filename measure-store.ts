import { FixedClock } from './core/clock.ts';
import { openSqliteStore, SqliteCanonicalStore } from './core/store/sqlite/index.ts';
import { canonicalMigrations } from './core/store/sqlite/migrations.ts';
import { migrate } from './core/store/sqlite/migrate.ts';
import { PostgresSyncDatabase } from './core/store/postgres/sync-database.ts';
import { startPostgresServer } from './test/helpers/postgres-server.ts';
import { batch, contact, event } from './test/helpers/records.ts';
import pg from 'pg';

const clock = new FixedClock('2026-02-01T00:00:00Z');
const CONTACTS = 10_000;
const EVENTS = 50_000;
const BATCH = 1000;
function batches() {
  const out = [];
  const records = [];
  for (let i = 0; i < CONTACTS; i++) records.push(contact('crm', `C${i}`, { email: `u${i}@acme${i % 500}.com`, firstName: `F${i}` }));
  for (let i = 0; i < EVENTS; i++)
    records.push(event('app', `E${i}`, { contact: { system: 'crm', objectType: 'contacts', externalId: `C${i % CONTACTS}` }, occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), value: i % 7 }));
  for (let i = 0; i < records.length; i += BATCH) out.push(batch('s', records.slice(i, i + BATCH), { offset: i }));
  return out;
}
async function run(name: string, store: SqliteCanonicalStore) {
  const all = batches();
  const started = performance.now();
  for (const b of all) await store.applyBatch(b);
  const s = (performance.now() - started) / 1000;
  console.log(`${name}: ${CONTACTS + EVENTS} records in ${s.toFixed(2)} s = ${Math.round((CONTACTS + EVENTS) / s)} records/s`);
  await store.close();
}
const mode = process.argv[2] ?? 'both';
if (mode !== 'pg') await run('sqlite (file)', await openSqliteStore({ path: `/tmp/measure-${process.pid}.db`, clock }));
if (mode !== 'sqlite') {
  const server = await startPostgresServer();
  const admin = new pg.Client(server.url); await admin.connect(); await admin.query('CREATE DATABASE m'); await admin.end();
  const db = new PostgresSyncDatabase({ url: server.urlFor('m') });
  migrate(db, canonicalMigrations, () => clock.now().toISOString());
  await run('postgres', new SqliteCanonicalStore(db, { clock }));
  server.stop();
}
