import type { EntityType } from '../../../core/schema/index.ts';
import type { KnownFeatures } from './known-features.ts';
import { countText, percentText, plural, slug, uniqueName } from './names.ts';
import type { DISCOVER_DEFAULTS, DroppedCandidate, ProposedFeature } from './types.ts';

/** What the proposal rules of one entity type share, and where they put their verdicts. */
export interface DiscoverContext {
  readonly entityType: EntityType;
  readonly population: number;
  readonly asOfMs: number;
  readonly minCoverage: number;
  readonly leakAuc: number;
  readonly known: KnownFeatures;
  /** Feature names in use: built-in, the config's, and those proposed so far. */
  readonly taken: Set<string>;
  readonly proposed: ProposedFeature[];
  readonly dropped: DroppedCandidate[];
  readonly notes: string[];
  readonly limits: typeof DISCOVER_DEFAULTS;
}

/** Marks a discovered feature's description, so reports can tell it from hand-written ones. */
export const DISCOVERED_PREFIX = 'discovered from ';

export function coverageOf(ctx: DiscoverContext, entities: number): number {
  return ctx.population > 0 ? entities / ctx.population : 0;
}

/** "142 of 323 contacts (44%)". */
export function entitiesText(ctx: DiscoverContext, entities: number): string {
  return `${countText(entities)} of ${countText(ctx.population)} ${plural(ctx.entityType)} (${percentText(coverageOf(ctx, entities))})`;
}

/** Too few entities to learn from: below the coverage share or the absolute minimum. */
export function tooSparse(ctx: DiscoverContext, entities: number): string | null {
  const coverage = coverageOf(ctx, entities);
  if (coverage >= ctx.minCoverage && entities >= ctx.limits.minEntities) return null;
  const need =
    coverage < ctx.minCoverage
      ? `min ${percentText(ctx.minCoverage)}`
      : `min ${ctx.limits.minEntities} ${plural(ctx.entityType)}`;
  return `too sparse: ${entitiesText(ctx, entities)}, ${need}`;
}

/** A free feature name from `base`: prefixed when the plain one is taken, then numbered. */
export function freeName(ctx: DiscoverContext, base: string, prefix: string): string {
  const plain = slug(base, 60);
  if (!ctx.taken.has(plain)) return uniqueName(plain, ctx.taken);
  return uniqueName(`${prefix}_${plain}`, ctx.taken);
}
