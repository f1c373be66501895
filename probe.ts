import { DuckDbEngine } from './core/store/analytics/duckdb-engine.ts';
import { builtinFeatureSet } from './scoring/features/feature-set.ts';
import { compileFeatureQuery } from './scoring/features/sql/compile.ts';
import { duckDbFeatures } from './scoring/features/sql/dialects/duckdb.ts';
import { targetsSql } from './scoring/features/sql/populations.ts';
import { purchaseHistory } from './scoring/features/sql/purchase-history.ts';

const e = await DuckDbEngine.open({ path: '/tmp/s100k/store.analytics.duckdb' });
const cut = Date.parse('2026-11-01T00:00:00Z');
const time = async (label: string, sql: string) => {
  const t = performance.now();
  await e.exec(`CREATE OR REPLACE TEMP TABLE o AS ${sql}`);
  console.log(label, ((performance.now() - t) / 1000).toFixed(2));
};
await time(
  'ltv targets',
  targetsSql(duckDbFeatures, { kind: 'ltv', cutoffs: [cut], purchaseNames: ['purchase'] }),
);
await e.exec(`CREATE OR REPLACE TEMP TABLE tg AS SELECT * FROM o`);
const plan = builtinFeatureSet('account').plan;
await time('account features', compileFeatureQuery(plan, { dialect: duckDbFeatures, targets: 'tg' }));
await time(
  'account features + purchases',
  compileFeatureQuery(plan, {
    dialect: duckDbFeatures,
    targets: 'tg',
    extras: purchaseHistory(duckDbFeatures, ['purchase']),
  }),
);
await time('events view scan', 'SELECT count(*), sum(at_ms) FROM sb_events');
await time('lead targets', targetsSql(duckDbFeatures, { kind: 'lead', cutoffs: [cut] }));
await e.exec(`CREATE OR REPLACE TEMP TABLE tl AS SELECT * FROM o`);
await time(
  'contact features',
  compileFeatureQuery(builtinFeatureSet('contact').plan, { dialect: duckDbFeatures, targets: 'tl' }),
);
e.close();
