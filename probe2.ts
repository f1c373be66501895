import { DuckDbEngine } from './core/store/analytics/duckdb-engine.ts';
import { builtinFeatureSet } from './scoring/features/feature-set.ts';
import { compileFeatureQuery } from './scoring/features/sql/compile.ts';
import { duckDbFeatures } from './scoring/features/sql/dialects/duckdb.ts';
import { writeFileSync } from 'node:fs';
const engine = await DuckDbEngine.open({ path: 'var/scorebridge.analytics.duckdb' });
const cutoffs = ['2026-11-01T00:00:00Z'].map(Date.parse);
const time = async (label: string, sql: string) => { const t = performance.now(); const r = await engine.rows(sql); console.log(label, ((performance.now()-t)/1000).toFixed(2), JSON.stringify(r[0], (k, v) => typeof v === 'bigint' ? Number(v) : v)); };
await time('events view count', 'select count(*) from sb_events');
await time('events raw count', 'select count(*) from events');
for (const type of ['contact', 'account'] as const) {
  const set = builtinFeatureSet(type);
  const table = type === 'contact' ? 'sb_contacts' : 'sb_accounts';
  await engine.exec(`CREATE OR REPLACE TEMP TABLE tg AS SELECT row_number() OVER () AS row_id, x.${type}_id AS entity_id, c.cutoff_ms FROM ${table} x, (VALUES ${cutoffs.map(c => `(${c}::DOUBLE)`).join(',')}) c(cutoff_ms) WHERE x.active`);
  const sql = compileFeatureQuery(set.plan, { dialect: duckDbFeatures, targets: 'tg' });
  writeFileSync(`/tmp/${type}.sql`, sql);
  await time(type + ' count(*)', `select count(*) from (${sql})`);
  await time(type + ' materialize', `create or replace temp table out as ${sql}`);
  let t = performance.now(); let n = 0;
  for await (const b of engine.columns('select * from out')) n += b.rowCount;
  console.log(type, 'fetch', ((performance.now()-t)/1000).toFixed(2), n);
}
engine.close();
