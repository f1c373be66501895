/**
 * Child of the scale bench: the per-entity path (each person's events read from the SQLite store,
 * features evaluated in process, as the API does for one entity) over the first N people, against
 * the SQL path for the same people. Prints JSON.
 */
import { openProductStore } from '../../app/store.ts';
import { systemClock } from '../../core/clock.ts';
import { DuckDbEngine } from '../../core/store/analytics/duckdb-engine.ts';
import { evaluatorFor } from '../../scoring/features/entity-features.ts';
import { builtinFeatureSet } from '../../scoring/features/feature-set.ts';
import { walkSnapshots } from '../../scoring/features/snapshot.ts';
import { compileFeatureQuery } from '../../scoring/features/sql/compile.ts';
import { duckDbFeatures } from '../../scoring/features/sql/dialects/duckdb.ts';

const [storePath, analyticsPath, asOf, limit] = process.argv.slice(2);
const cutoff = Date.parse(asOf!);
const wanted = Number(limit);
const store = await openProductStore(storePath!, systemClock);
const set = builtinFeatureSet('contact');
const evaluator = evaluatorFor(set);
let people = 0;
let started = performance.now();
const ids: string[] = [];
for await (const page of walkSnapshots(store, 'contact', {
  before: new Date(cutoff).toISOString(),
  pageSize: 500,
})) {
  for (const snapshot of page) {
    if (people >= wanted) break;
    evaluator.values(snapshot, cutoff);
    ids.push(snapshot.id);
    people++;
  }
  if (people >= wanted) break;
}
const perEntitySeconds = (performance.now() - started) / 1000;
const perEntityRssMb = process.memoryUsage().rss / 1e6;
await store.close();

const engine = await DuckDbEngine.open({ path: analyticsPath!, threads: 2, memoryLimit: '2GB' });
await engine.exec('CREATE TEMP TABLE wanted (id VARCHAR)');
await engine.append(
  'wanted',
  ['text'],
  ids.map((id) => [id]),
);
started = performance.now();
await engine.exec(
  `CREATE TEMP TABLE out AS ${compileFeatureQuery(set.plan, {
    dialect: duckDbFeatures,
    targets: `(SELECT ROW_NUMBER() OVER () AS row_id, id AS entity_id, ${cutoff}::DOUBLE AS cutoff_ms FROM wanted)`,
  })}`,
);
const sqlSeconds = (performance.now() - started) / 1000;
engine.close();
process.stdout.write(`${JSON.stringify({ people, perEntitySeconds, perEntityRssMb, sqlSeconds })}\n`);
