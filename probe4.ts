import { DuckDbEngine } from './core/store/analytics/duckdb-engine.ts';

const e = await DuckDbEngine.open({ path: '/tmp/s100k/store.analytics.duckdb', threads: 2 });
const cut = Date.parse('2026-11-01T00:00:00Z');
await e.exec(
  `CREATE OR REPLACE TEMP TABLE tg AS SELECT row_number() over () row_id, account_id entity_id, ${cut}::DOUBLE cutoff_ms FROM sb_accounts WHERE active`,
);
await e.exec(`CREATE OR REPLACE TEMP TABLE r AS SELECT k.row_id AS row_key, k.cutoff_ms, e.event_id, e.contact_id, e.name, e.at_ms, e.value,
  CASE WHEN e.name IN ('subscription_change') THEN json_extract_string(e.properties, '$.plan') END p0,
  CASE WHEN e.name IN ('feature_use') THEN json_extract_string(e.properties, '$.feature') END p1
  FROM tg k JOIN sb_events e ON e.account_id = k.entity_id AND e.at_ms < k.cutoff_ms`);
console.log(await e.rows('select count(*) n from r'));
const D = 86400000;
const q = async (label: string, sql: string) => {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await e.exec(`CREATE OR REPLACE TEMP TABLE o AS ${sql}`);
    runs.push((performance.now() - t) / 1000);
  }
  runs.sort();
  console.log(label.padEnd(30), runs.map((r) => r.toFixed(2)).join(' '));
};
await q(
  'latest list key',
  `SELECT row_key, arg_max(p0, [at_ms, event_id]) FILTER (WHERE name = 'subscription_change' AND p0 IS NOT NULL) FROM r GROUP BY row_key`,
);
await q(
  'latest guarded list key',
  `SELECT row_key, arg_max(p0, CASE WHEN name = 'subscription_change' AND p0 IS NOT NULL THEN [at_ms, event_id] END) FILTER (WHERE name = 'subscription_change' AND p0 IS NOT NULL) FROM r GROUP BY row_key`,
);
await q(
  'latest struct key',
  `SELECT row_key, arg_max(p0, {'a': at_ms, 'b': event_id}) FILTER (WHERE name = 'subscription_change' AND p0 IS NOT NULL) FROM r GROUP BY row_key`,
);
await q(
  'latest number key',
  `SELECT row_key, arg_max(p0, at_ms) FILTER (WHERE name = 'subscription_change' AND p0 IS NOT NULL) FROM r GROUP BY row_key`,
);
await q('count baseline', `SELECT row_key, count(*) FILTER (WHERE name = 'login') FROM r GROUP BY row_key`);
const dp = (w: number) =>
  `COUNT(DISTINCT contact_id) FILTER (WHERE name IN ('login','feature_use') AND at_ms >= cutoff_ms - ${w * D})`;
await q(
  '3 distinct persons direct',
  `SELECT row_key, ${dp(30)}, ${dp(90)}, COUNT(DISTINCT contact_id) FROM r GROUP BY row_key`,
);
await q(
  '3 distinct persons 2-level',
  `SELECT row_key, COUNT(f30), COUNT(f90), COUNT(fall) FROM (
   SELECT row_key, contact_id, MAX(CASE WHEN name IN ('login','feature_use') AND at_ms >= cutoff_ms - ${30 * D} THEN 1 END) f30,
     MAX(CASE WHEN name IN ('login','feature_use') AND at_ms >= cutoff_ms - ${90 * D} THEN 1 END) f90, 1 fall
   FROM r WHERE contact_id IS NOT NULL GROUP BY row_key, contact_id) GROUP BY row_key`,
);
await q(
  '3 distinct features direct',
  `SELECT row_key, COUNT(DISTINCT p1) FILTER (WHERE name='feature_use' AND at_ms >= cutoff_ms - ${30 * D}), COUNT(DISTINCT p1) FILTER (WHERE name='feature_use' AND at_ms >= cutoff_ms - ${90 * D}), COUNT(DISTINCT p1) FILTER (WHERE name='feature_use') FROM r GROUP BY row_key`,
);
await q(
  '3 distinct features 2-level',
  `SELECT row_key, COUNT(f30), COUNT(f90), COUNT(fall) FROM (
   SELECT row_key, p1, MAX(CASE WHEN at_ms >= cutoff_ms - ${30 * D} THEN 1 END) f30, MAX(CASE WHEN at_ms >= cutoff_ms - ${90 * D} THEN 1 END) f90, 1 fall
   FROM r WHERE name = 'feature_use' AND p1 IS NOT NULL GROUP BY row_key, p1) GROUP BY row_key`,
);
e.close();
