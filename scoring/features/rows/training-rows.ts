import type { FeatureSet } from '../feature-set.ts';
import type { RawTable } from '../raw-table.ts';
import {
  earliestEventSql,
  type PopulationKind,
  populationCountSql,
  populationEntity,
  targetsSql,
} from '../sql/populations.ts';
import { DAY_MS } from '../time.ts';
import { concatTables, type FeatureEngine, featureBatches } from './feature-engine.ts';

export interface TrainingRowsOptions {
  readonly featureSet: FeatureSet;
  readonly kind: PopulationKind;
  /** Cutoff instants (epoch ms); rows are tagged with their index here. */
  readonly cutoffs: readonly number[];
  readonly horizonDays: number;
  /** Rows kept at most; the population is sampled by entity (all of an entity's cutoffs together). */
  readonly maxRows: number;
  /** Cutoffs closer than this to the start of the store's history are left out. */
  readonly minHistoryDays: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface TrainingRows {
  readonly table: RawTable;
  readonly entityIds: readonly string[];
  /** Index into `cutoffs` of each row. */
  readonly cutoffIndex: Int32Array;
  readonly labels: Float64Array;
  /** Earliest event of the entity type before the last cutoff (NaN when none). */
  readonly earliestEventMs: number;
  /** Cutoffs left out for lack of history before them. */
  readonly tooEarly: readonly number[];
  /** Share of the population kept (1 = all). */
  readonly sampleRate: number;
}

const TARGETS = 'sb_train_targets';

/**
 * Training rows of a lead or churn model in one query: the population and its labels at every
 * cutoff are decided first (from entities and deals only), sampled down to the budget, and only
 * then are the kept rows' events read and aggregated.
 */
export async function collectTrainingRows(
  fe: FeatureEngine,
  options: TrainingRowsOptions,
): Promise<TrainingRows> {
  const { engine, dialect } = fe;
  const entityType = populationEntity(options.kind);
  const lastCutoff = Math.max(...options.cutoffs);
  const [earliest] = await engine.rows<{ first_ms: number | null }>(earliestEventSql(entityType, lastCutoff));
  const earliestEventMs =
    earliest?.first_ms === null || earliest?.first_ms === undefined ? Number.NaN : Number(earliest.first_ms);
  const historyStart = earliestEventMs + options.minHistoryDays * DAY_MS;
  const usable = options.cutoffs.map((cutoff) => !(cutoff < historyStart));
  const kept = options.cutoffs.filter((_, i) => usable[i]);
  const tooEarly = options.cutoffs.filter((_, i) => !usable[i]);
  const empty: TrainingRows = {
    table: { featureNames: [], categorical: [], nRows: 0, numbers: [], texts: [] },
    entityIds: [],
    cutoffIndex: new Int32Array(0),
    labels: new Float64Array(0),
    earliestEventMs,
    tooEarly,
    sampleRate: 1,
  };
  if (kept.length === 0) return empty;
  // Cutoff indices refer to the caller's list, so too-early cutoffs keep their place.
  const indexOf = options.cutoffs.map((_, i) => i).filter((i) => usable[i]);
  const [count] = await engine.rows<{ n: number | bigint }>(
    populationCountSql(dialect, { kind: options.kind, cutoffs: kept }),
  );
  const population = Number(count?.n ?? 0);
  const sampleRate = Math.min(1, options.maxRows / Math.max(1, population));
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE ${TARGETS} AS ${targetsSql(dialect, {
      kind: options.kind,
      cutoffs: kept,
      horizonDays: options.horizonDays,
      sampleRate,
    })}`,
  );
  const [sampled] = await engine.rows<{ n: number | bigint }>(`SELECT COUNT(*) AS n FROM ${TARGETS}`);
  const total = Number(sampled?.n ?? 0);
  const plan = options.featureSet.plan;
  const tables: RawTable[] = [];
  const entityIds: string[] = [];
  const cutoffIndex: number[] = [];
  const labels: number[] = [];
  let done = 0;
  for await (const batch of featureBatches(fe, plan, TARGETS, {
    passThrough: ['cutoff_index', 'label'],
    ordered: true,
  })) {
    tables.push(batch.table);
    entityIds.push(...batch.entityIds);
    const index = batch.extras.cutoff_index as Float64Array;
    const label = batch.extras.label as Float64Array;
    for (let i = 0; i < batch.rowCount; i++) {
      cutoffIndex.push(indexOf[index[i]!]!);
      labels.push(label[i]!);
    }
    done += batch.rowCount;
    options.onProgress?.(done, total);
  }
  await engine.exec(`DROP TABLE IF EXISTS ${TARGETS}`);
  const template = {
    featureNames: plan.features.map((f) => f.name),
    categorical: plan.features.map((f) => f.type === 'categorical'),
  };
  return {
    table: concatTables(tables, template),
    entityIds,
    cutoffIndex: Int32Array.from(cutoffIndex),
    labels: Float64Array.from(labels),
    earliestEventMs,
    tooEarly,
    sampleRate,
  };
}
