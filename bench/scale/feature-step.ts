/**
 * Child of the scale bench: on an existing analytics replica, times the feature step (the compiled
 * built-in features of every live person and company at the as-of instant, materialised) against
 * the hand-written reference query on the same engine, median of three runs each. Prints JSON.
 */
import { DuckDbEngine } from '../../core/store/analytics/duckdb-engine.ts';
import { builtinFeatureSet } from '../../scoring/features/feature-set.ts';
import { compileFeatureQuery } from '../../scoring/features/sql/compile.ts';
import { duckDbFeatures } from '../../scoring/features/sql/dialects/duckdb.ts';
import { REFERENCE_TABLE, referenceAccountQuery, referenceContactQuery } from './reference-query.ts';

const [path, asOf, threads] = process.argv.slice(2);
const cutoff = Date.parse(asOf!);
const engine = await DuckDbEngine.open({ path: path!, threads: Number(threads ?? 2), memoryLimit: '2GB' });

async function seconds(sql: string): Promise<number> {
  const started = performance.now();
  await engine.exec(`CREATE OR REPLACE TEMP TABLE bench_out AS ${sql}`);
  return (performance.now() - started) / 1000;
}

async function median(sql: string): Promise<number> {
  const runs = [await seconds(sql), await seconds(sql), await seconds(sql)].sort((a, b) => a - b);
  return runs[1]!;
}

const targets = (relation: string, id: string) =>
  `(SELECT ROW_NUMBER() OVER () AS row_id, ${id} AS entity_id, ${cutoff}::DOUBLE AS cutoff_ms FROM ${relation} WHERE active)`;
const contactSql = compileFeatureQuery(builtinFeatureSet('contact').plan, {
  dialect: duckDbFeatures,
  targets: targets('sb_contacts', 'contact_id'),
});
const accountSql = compileFeatureQuery(builtinFeatureSet('account').plan, {
  dialect: duckDbFeatures,
  targets: targets('sb_accounts', 'account_id'),
});
const [counts] = await engine.rows<{ events: number; contacts: number; accounts: number }>(
  `SELECT (SELECT COUNT(*) FROM events)::DOUBLE AS events,
     (SELECT COUNT(*) FROM sb_contacts WHERE active)::DOUBLE AS contacts,
     (SELECT COUNT(*) FROM sb_accounts WHERE active)::DOUBLE AS accounts`,
);
const referenceTable = await seconds(REFERENCE_TABLE.replace('CREATE OR REPLACE TABLE ref_events AS', ''));
await engine.exec(REFERENCE_TABLE);
const result = {
  ...counts,
  threads: Number(threads ?? 2),
  referenceTableSeconds: referenceTable,
  reference: {
    contacts: await median(referenceContactQuery(cutoff)),
    accounts: await median(referenceAccountQuery(cutoff)),
  },
  compiled: { contacts: await median(contactSql), accounts: await median(accountSql) },
  columns: {
    reference: { contacts: 77, accounts: 92 },
    compiled: {
      contacts: builtinFeatureSet('contact').plan.features.length,
      accounts: builtinFeatureSet('account').plan.features.length,
    },
  },
};
await engine.exec('DROP TABLE IF EXISTS ref_events');
engine.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
