import { DuckDbEngine } from './core/store/analytics/duckdb-engine.ts';

const e = await DuckDbEngine.open({ path: '/tmp/s100k/store.analytics.duckdb', threads: 2 });
const cut = Date.parse('2026-11-01T00:00:00Z');
await e.exec(
  `CREATE OR REPLACE TEMP TABLE tg AS SELECT row_number() over () row_id, account_id entity_id, ${cut}::DOUBLE cutoff_ms FROM sb_accounts WHERE active`,
);
const q = async (label: string, sql: string) => {
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    await e.exec(`CREATE OR REPLACE TEMP TABLE o AS ${sql}`);
    runs.push((performance.now() - t) / 1000);
  }
  console.log(label.padEnd(34), runs.map((r) => r.toFixed(2)).join(' '));
};
const base = `FROM tg k JOIN sb_events e ON e.account_id = k.entity_id AND e.at_ms < k.cutoff_ms`;
await q('join only', `SELECT k.row_id, e.name, e.at_ms ${base}`);
await q(
  'join + guarded json x1',
  `SELECT k.row_id, e.name, CASE WHEN e.name IN ('feature_use') THEN json_extract_string(e.properties, '$.feature') END p1 ${base}`,
);
await q(
  'join + unguarded json x1',
  `SELECT k.row_id, e.name, json_extract_string(e.properties, '$.feature') p1 ${base}`,
);
await q(
  'join + guarded json coalesce4',
  `SELECT k.row_id, e.name, CASE WHEN e.name IN ('feature_use') THEN NULLIF(COALESCE(json_extract_string(e.properties, '$.feature'),json_extract_string(e.properties, '$.feature_name'),json_extract_string(e.properties, '$.featureName'),json_extract_string(e.properties, '$.name')),'') END p1 ${base}`,
);
await q('raw events json all rows', `SELECT json_extract_string(properties, '$.feature') FROM events`);
e.close();
