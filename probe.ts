import { openProductStore } from './app/store.ts';
import { systemClock } from './core/clock.ts';
import { DuckDbEngine } from './core/store/analytics/duckdb-engine.ts';
import { refreshReplica } from './core/store/analytics/replicate.ts';
import { walkSnapshots } from './scoring/features/snapshot.ts';
import { builtinFeatureSet } from './scoring/features/feature-set.ts';
import { FeatureEvaluator } from './scoring/features/evaluate/evaluate.ts';
import { compileFeatureQuery } from './scoring/features/sql/compile.ts';
import { duckDbFeatures } from './scoring/features/sql/dialects/duckdb.ts';
const store = await openProductStore('var/scorebridge.db', systemClock);
const engine = await DuckDbEngine.open({ path: 'var/scorebridge.analytics.duckdb' });
console.log(await refreshReplica(store.database, engine));
const cutoffs = ['2026-11-01T00:00:00Z', '2026-06-15T13:17:00Z'].map(Date.parse);
for (const type of ['contact', 'account'] as const) {
  const set = builtinFeatureSet(type);
  const ev = new FeatureEvaluator(set);
  const table = type === 'contact' ? 'sb_contacts' : 'sb_accounts';
  await engine.exec(`CREATE OR REPLACE TEMP TABLE tg AS SELECT row_number() OVER () AS row_id, x.${type}_id AS entity_id, c.cutoff_ms FROM ${table} x, (VALUES ${cutoffs.map(c => `(${c}::DOUBLE)`).join(',')}) c(cutoff_ms) WHERE x.active`);
  const sql = compileFeatureQuery(set.plan, { dialect: duckDbFeatures, targets: 'tg' });
  let t = performance.now();
  const byKey = new Map<string, (number|string|null)[]>();
  for await (const b of engine.columns(sql)) {
    for (let i = 0; i < b.rowCount; i++) {
      const id = b.columns[1]![i] as string;
      const cut = Number((b.columns as any)[2] ? 0 : 0);
      byKey.set(`${id}|${b.columns[0]![i]}`, b.columns.slice(2).map(col => col[i] as number|string|null));
    }
  }
  console.log(type, 'sql rows', byKey.size, ((performance.now() - t)/1000).toFixed(2), 's');
  const rowIds = await engine.rows<{row_id: bigint, entity_id: string, cutoff_ms: number}>('select row_id, entity_id, cutoff_ms from tg');
  const rowOf = new Map(rowIds.map(r => [`${r.entity_id}|${r.cutoff_ms}`, Number(r.row_id)]));
  const names = set.plan.features.map(f => f.name);
  const bad = new Map<string, number>(); const ex = new Map<string, string>(); let n = 0;
  for await (const page of walkSnapshots(store, type, { before: '2027-01-01T00:00:00Z', pageSize: 500 })) {
    for (const c of cutoffs) for (const s of page) {
      const js = ev.values(s, c); const row = rowOf.get(`${s.id}|${c}`);
      const sq = byKey.get(`${s.id}|${row}`);
      if (!sq) { bad.set('MISSING', (bad.get('MISSING') ?? 0) + 1); continue; }
      n++;
      js.forEach((o, j) => { const w = sq[j];
        const same = typeof o === 'number' ? ((Number.isNaN(o) && (w === null || Number.isNaN(w as number))) || Math.abs(o - (w as number)) <= 1e-9 * Math.max(1, Math.abs(o))) : o === w;
        if (!same) { const k = names[j]!; bad.set(k, (bad.get(k) ?? 0) + 1); if (!ex.has(k)) ex.set(k, `${s.id} @${new Date(c).toISOString()}: js ${o} sql ${w}`); } });
    }
  }
  console.log(type, n, 'compared; mismatching:', bad.size);
  for (const [k, v] of bad) console.log('  ', k, v, ex.get(k));
}
engine.close(); await store.close();
