import type { EntityType } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import { viewsAt } from '../features/build.ts';
import { featureNames } from '../features/definition.ts';
import { featureSetFor } from '../features/feature-sets.ts';
import { computeFeatures, type RawFeatureValues } from '../features/raw-table.ts';
import { walkSnapshots } from '../features/snapshot.ts';
import { DAY_MS, instantMs, isoOf } from '../features/time.ts';
import { churnLabel, leadLabel } from '../labels/populations.ts';
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

/**
 * The randomised decision log: every event carrying `nba_action` and `nba_propensity` whose outcome
 * window ended by as-of, with the entity's features at the decision instant (point in time, like
 * training rows) and the observed reward. Decisions on entities outside the outcome's population
 * (an account that was not a customer, a person already converted) are left out.
 */
export async function collectDecisionLog(
  store: CanonicalStore,
  options: {
    entityType: EntityType;
    asOfMs: number;
    horizonDays: number;
    maxHistoryDays: number;
    base: BaseProbe | null;
    pageSize?: number;
    onProgress?: (done: number) => void;
  },
): Promise<NbaLogRow[]> {
  const set = featureSetFor(options.entityType);
  const names = featureNames(set);
  const baseKey = baseProbabilityKey(options.entityType);
  const lastDecision = options.asOfMs - options.horizonDays * DAY_MS;
  const firstDecision = options.asOfMs - options.maxHistoryDays * DAY_MS;
  const rows: NbaLogRow[] = [];
  let done = 0;
  const walk = walkSnapshots(store, options.entityType, {
    before: isoOf(options.asOfMs),
    pageSize: options.pageSize ?? 500,
  });
  for await (const page of walk) {
    for (const snapshot of page) {
      for (const event of snapshot.events) {
        const action = event.properties[NBA_ACTION_PROPERTY];
        const propensity = Number(event.properties[NBA_PROPENSITY_PROPERTY]);
        const atMs = instantMs(event.occurredAt);
        if (typeof action !== 'string' || !(propensity > 0 && propensity <= 1)) continue;
        if (!(atMs >= firstDecision && atMs <= lastDecision)) continue;
        const outcome =
          snapshot.entityType === 'account'
            ? churnLabel(snapshot, atMs, options.horizonDays)
            : leadLabel(snapshot, atMs, options.horizonDays);
        if (outcome === null) continue;
        const values = computeFeatures(set, viewsAt([snapshot], atMs)[0]!);
        const base = options.base ? options.base(values) : Number.NaN;
        rows.push({
          entityId: snapshot.id,
          atMs,
          action,
          propensity,
          reward: snapshot.entityType === 'account' ? 1 - outcome : outcome,
          values,
          context: nbaContext(names, values, baseKey, base),
        });
      }
    }
    done += page.length;
    options.onProgress?.(done);
  }
  return rows;
}
