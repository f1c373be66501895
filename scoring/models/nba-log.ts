import type { EntityType } from '../../core/schema/index.ts';
import { type FeatureSet, featureNames } from '../features/feature-set.ts';
import type { RawFeatureValues } from '../features/raw-table.ts';
import { type FeatureEngine, featureBatches } from '../features/rows/feature-engine.ts';
import { decisionTargetsSql } from '../features/sql/populations.ts';
import { DAY_MS } from '../features/time.ts';
import type { NbaContext } from './nba-catalog.ts';

/** Event properties that mark a logged next-best-action decision (written by whoever took the action). */
export const NBA_ACTION_PROPERTY = 'nba_action';
export const NBA_PROPENSITY_PROPERTY = 'nba_propensity';

export interface NbaLogRow {
  readonly entityId: string;
  readonly atMs: number;
  readonly action: string;
  /** Probability with which the logging policy chose the action. */
  readonly propensity: number;
  /** Accounts: still a customer after the horizon; contacts: converted within it. */
  readonly reward: number;
  readonly values: RawFeatureValues;
  readonly context: NbaContext;
}

/** The model probability NBA rules and policies read, keyed as in the catalog (churn_probability, lead_probability). */
export type BaseProbe = (values: RawFeatureValues) => number;

export function baseProbabilityKey(entityType: EntityType): 'churn_probability' | 'lead_probability' {
  return entityType === 'account' ? 'churn_probability' : 'lead_probability';
}

export function nbaContext(
  names: readonly string[],
  values: RawFeatureValues,
  baseKey: string,
  base: number,
): NbaContext {
  const record: Record<string, number | string | null> = {};
  names.forEach((name, j) => {
    record[name] = values[j] ?? null;
  });
  record[baseKey] = Number.isFinite(base) ? base : null;
  return { values: record };
}

const TARGETS = 'sb_nba_decisions';

export interface DecisionLog {
  /** Logged decisions with a known action in the outcome's population, before features were read. */
  readonly usable: number;
  /** The decisions with their features; empty when `usable` is below the minimum (nothing to learn). */
  readonly rows: NbaLogRow[];
}

/**
 * The randomised decision log: every event carrying `nba_action` and `nba_propensity` whose outcome
 * window ended by as-of, in the outcome's population at the decision instant, with the observed
 * reward. Decisions are found and counted first; features at each decision instant (point in time,
 * like training rows, all in one query) are read only when there are enough to learn from.
 */
export async function collectDecisionLog(
  fe: FeatureEngine,
  options: {
    entityType: EntityType;
    featureSet: FeatureSet;
    asOfMs: number;
    horizonDays: number;
    maxHistoryDays: number;
    /** Action ids of the catalog: other logged actions are not counted. */
    actions: readonly string[];
    minRows: number;
    base: BaseProbe | null;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<DecisionLog> {
  const names = featureNames(options.featureSet);
  const baseKey = baseProbabilityKey(options.entityType);
  await fe.engine.exec(
    `CREATE OR REPLACE TEMP TABLE ${TARGETS} AS ${decisionTargetsSql(fe.dialect, {
      kind: options.entityType === 'account' ? 'churn' : 'lead',
      fromMs: options.asOfMs - options.maxHistoryDays * DAY_MS,
      toMs: options.asOfMs - options.horizonDays * DAY_MS,
      horizonDays: options.horizonDays,
      actionProperty: NBA_ACTION_PROPERTY,
      propensityProperty: NBA_PROPENSITY_PROPERTY,
      actions: options.actions,
    })}`,
  );
  const [count] = await fe.engine.rows<{ n: number | bigint }>(`SELECT COUNT(*) AS n FROM ${TARGETS}`);
  const usable = Number(count?.n ?? 0);
  const rows: NbaLogRow[] = [];
  if (usable >= options.minRows) {
    const batches = featureBatches(fe, options.featureSet.plan, TARGETS, {
      passThrough: ['cutoff_ms', 'action', 'propensity', 'label'],
      ordered: true,
    });
    for await (const batch of batches) {
      const at = batch.extras.cutoff_ms as Float64Array;
      const action = batch.extras.action as (string | null)[];
      const propensity = batch.extras.propensity as Float64Array;
      const label = batch.extras.label as Float64Array;
      for (let i = 0; i < batch.rowCount; i++) {
        const values = batch.table.numbers.map((column, j) =>
          column ? column[i]! : batch.table.texts[j]![i]!,
        );
        const base = options.base ? options.base(values) : Number.NaN;
        rows.push({
          entityId: batch.entityIds[i]!,
          atMs: at[i]!,
          action: action[i]!,
          propensity: propensity[i]!,
          reward: options.entityType === 'account' ? 1 - label[i]! : label[i]!,
          values,
          context: nbaContext(names, values, baseKey, base),
        });
      }
      options.onProgress?.(rows.length, usable);
    }
  }
  await fe.engine.exec(`DROP TABLE IF EXISTS ${TARGETS}`);
  return { usable, rows };
}
