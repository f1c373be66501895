import { DuckDbEngine } from './core/store/analytics/duckdb-engine.ts';
import { builtinFeatureSet } from './scoring/features/feature-set.ts';
import { compileFeatureQuery } from './scoring/features/sql/compile.ts';
import { duckDbFeatures } from './scoring/features/sql/dialects/duckdb.ts';
import { targetsSql } from './scoring/features/sql/populations.ts';

const e = await DuckDbEngine.open({ path: '/tmp/s100k/store.analytics.duckdb' });
const cut = Date.parse('2026-11-01T00:00:00Z');
await e.exec(
  `CREATE OR REPLACE TEMP TABLE tg AS ${targetsSql(duckDbFeatures, { kind: 'ltv', cutoffs: [cut], purchaseNames: ['purchase'] })}`,
);
const full = builtinFeatureSet('account').plan;
const variants: Record<string, (m: any) => boolean> = {
  all: () => true,
  'no distinct': (m) => !String(m.agg).startsWith('distinct'),
  'no latest': (m) => !String(m.agg).startsWith('latest'),
  'counts only': (m) => m.agg === 'count' && m.select.conditions.length === 0,
  'distinct only': (m) => String(m.agg).startsWith('distinct'),
};
for (const [label, keep] of Object.entries(variants)) {
  const ids = full.measures.map((m, i) => (keep(m) ? i : -1)).filter((i) => i >= 0);
  const used = new Set(ids);
  const features = full.features.filter((f) => {
    const refs: number[] = [];
    const walk = (x: any) => {
      if (!x || typeof x !== 'object') return;
      if (x.op === 'measure') refs.push(x.id);
      for (const v of Object.values(x)) walk(v);
    };
    walk(f.expr);
    return refs.every((r) => used.has(r));
  });
  const plan = { ...full, features };
  const t = performance.now();
  await e.exec(
    `CREATE OR REPLACE TEMP TABLE o AS ${compileFeatureQuery(plan, { dialect: duckDbFeatures, targets: 'tg' })}`,
  );
  console.log(
    label.padEnd(14),
    features.length,
    'features',
    ((performance.now() - t) / 1000).toFixed(2),
    's',
  );
}
e.close();
