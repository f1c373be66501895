import { REFERENCE_TABLE } from './bench/scale/reference-query.ts';
import { DuckDbEngine } from './core/store/analytics/duckdb-engine.ts';

const e = await DuckDbEngine.open({ path: '/tmp/s100k/store.analytics.duckdb', threads: 2 });
await e.exec(REFERENCE_TABLE.replace('CREATE OR REPLACE TABLE', 'CREATE OR REPLACE TEMP TABLE'));
const cut = Date.parse('2026-11-01T00:00:00Z');
const D = 86400000;
const types = [
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
const wins = [7, 30, 35, 60, 90, null];
const filter = types.flatMap((t) =>
  wins.map((w) => `COUNT(*) FILTER (WHERE name = '${t}'${w ? ` AND at_ms >= ${cut - w * D}` : ''})`),
);
const kase = types.flatMap((t) =>
  wins.map((w) => `SUM(CASE WHEN name = '${t}'${w ? ` AND at_ms >= ${cut - w * D}` : ''} THEN 1 ELSE 0 END)`),
);
const kase2 = types.flatMap((t) =>
  wins.map((w) => `COUNT(CASE WHEN name = '${t}'${w ? ` AND at_ms >= ${cut - w * D}` : ''} THEN 1 END)`),
);
const q = async (label: string, cols: string[]) => {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await e.exec(
      `CREATE OR REPLACE TEMP TABLE o AS SELECT contact_id, ${cols.join(',')} FROM ref_events WHERE in_contact AND at_ms < ${cut} GROUP BY contact_id`,
    );
    runs.push((performance.now() - t) / 1000);
  }
  runs.sort();
  console.log(label.padEnd(12), runs.map((r) => r.toFixed(2)).join(' '));
};
await q('filter', filter);
await q('sum case', kase);
await q('count case', kase2);
e.close();
