import type { EntityType } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import { type ActivitySummary, summarizeActivity } from './activity-summary.ts';
import { type FeatureSet, featureNames } from './definition.ts';
import { featureSetFor } from './feature-sets.ts';
import { type PointInTimeView, viewAt } from './point-in-time.ts';
import { computeFeatures, type RawFeatureValues, type RawTable, RawTableBuilder } from './raw-table.ts';
import { type EntitySnapshot, loadSnapshot, walkSnapshots } from './snapshot.ts';
import { isoOf, parseCutoff } from './time.ts';

/**
 * Point-in-time views of a page of snapshots at one cutoff. Colleagues share their account's
 * activity summary, computed once per account per cutoff.
 */
export function viewsAt(snapshots: readonly EntitySnapshot[], cutoffMs: number): PointInTimeView[] {
  const accountActivity = new Map<string, ActivitySummary>();
  return snapshots.map((snapshot) => {
    if (snapshot.entityType !== 'contact' || !snapshot.account) return viewAt(snapshot, cutoffMs);
    let summary = accountActivity.get(snapshot.account.id);
    if (!summary) {
      summary = summarizeActivity(snapshot.accountEvents, cutoffMs);
      accountActivity.set(snapshot.account.id, summary);
    }
    return viewAt(snapshot, cutoffMs, summary);
  });
}

export interface CollectOptions<L> {
  readonly featureSet: FeatureSet;
  /** Cutoff instants (epoch ms); one walk of the store serves all of them. */
  readonly cutoffs: readonly number[];
  /** The row's label at a cutoff, or null when the entity is not in that cutoff's population. */
  readonly label: (snapshot: EntitySnapshot, cutoffMs: number) => L | null;
  /** Keeps an (entity, cutoff) pair; used to sample big stores down to a training budget. */
  readonly keep?: (entityId: string, cutoffIndex: number) => boolean;
  readonly pageSize?: number;
  /** Called after each page with the number of entities walked so far. */
  readonly onProgress?: (entitiesDone: number) => void;
}

export interface CollectedRows<L> {
  readonly table: RawTable;
  readonly entityIds: readonly string[];
  /** Index into `cutoffs` of each row. */
  readonly cutoffIndex: Int32Array;
  readonly labels: readonly L[];
  /** Earliest event seen in the walk (NaN when none): where the store's history starts. */
  readonly earliestEventMs: number;
}

/** Features and labels of every (entity, cutoff) pair in the populations, in one walk of the store. */
export async function collectRows<L>(
  store: CanonicalStore,
  options: CollectOptions<L>,
): Promise<CollectedRows<L>> {
  const { featureSet, cutoffs } = options;
  if (cutoffs.length === 0) throw new Error('collectRows: no cutoffs given');
  const before = isoOf(Math.max(...cutoffs));
  const builder = new RawTableBuilder(featureSet);
  const entityIds: string[] = [];
  const cutoffIndex: number[] = [];
  const labels: L[] = [];
  let done = 0;
  let earliestEventMs = Number.NaN;
  for await (const page of walkSnapshots(store, featureSet.entityType, {
    before,
    pageSize: options.pageSize ?? 500,
  })) {
    for (const snapshot of page) {
      const first = snapshot.events[0];
      const at = first ? Date.parse(first.occurredAt) : Number.NaN;
      if (at < earliestEventMs || Number.isNaN(earliestEventMs)) earliestEventMs = at;
    }
    cutoffs.forEach((cutoffMs, c) => {
      const members = page.filter((snapshot) => options.keep?.(snapshot.id, c) ?? true);
      const labelled = members.map((snapshot) => ({ snapshot, label: options.label(snapshot, cutoffMs) }));
      const inPopulation = labelled.filter((entry) => entry.label !== null);
      const views = viewsAt(
        inPopulation.map((entry) => entry.snapshot),
        cutoffMs,
      );
      inPopulation.forEach((entry, k) => {
        builder.append(computeFeatures(featureSet, views[k]!));
        entityIds.push(entry.snapshot.id);
        cutoffIndex.push(c);
        labels.push(entry.label as L);
      });
    });
    done += page.length;
    options.onProgress?.(done);
  }
  return {
    table: builder.build(),
    entityIds,
    cutoffIndex: Int32Array.from(cutoffIndex),
    labels,
    earliestEventMs,
  };
}

export interface FeaturePage {
  readonly snapshots: readonly EntitySnapshot[];
  readonly rows: readonly RawFeatureValues[];
}

/** Pages of feature rows at one cutoff, for batch scoring; `include` picks the population. */
export async function* featurePages(
  store: CanonicalStore,
  featureSet: FeatureSet,
  cutoffMs: number,
  options: { pageSize?: number; include?: (snapshot: EntitySnapshot, cutoffMs: number) => boolean } = {},
): AsyncIterable<FeaturePage> {
  const walk = walkSnapshots(store, featureSet.entityType, {
    before: isoOf(cutoffMs),
    pageSize: options.pageSize ?? 1000,
  });
  for await (const page of walk) {
    const members = options.include ? page.filter((snapshot) => options.include!(snapshot, cutoffMs)) : page;
    if (members.length === 0) continue;
    const views = viewsAt(members, cutoffMs);
    yield { snapshots: members, rows: views.map((view) => computeFeatures(featureSet, view)) };
  }
}

export interface EntityFeatures {
  readonly entityType: EntityType;
  /** The surviving id (merged-away ids resolve to their winner). */
  readonly entityId: string;
  readonly cutoff: string;
  readonly featureNames: readonly string[];
  readonly values: RawFeatureValues;
  readonly snapshot: EntitySnapshot;
}

/**
 * Features of one entity as of `cutoff`, by the same code as training and batch scoring (for the
 * real-time API). Null when the store does not know the id.
 */
export async function featuresForEntity(
  store: CanonicalStore,
  entityType: EntityType,
  id: string,
  cutoff: string | Date,
  featureSet: FeatureSet = featureSetFor(entityType),
): Promise<EntityFeatures | null> {
  const cutoffMs = parseCutoff(cutoff, 'featuresForEntity cutoff');
  const snapshot = await loadSnapshot(store, entityType, id, isoOf(cutoffMs));
  if (!snapshot) return null;
  const [view] = viewsAt([snapshot], cutoffMs);
  return {
    entityType,
    entityId: snapshot.id,
    cutoff: isoOf(cutoffMs),
    featureNames: featureNames(featureSet),
    values: computeFeatures(featureSet, view!),
    snapshot,
  };
}
