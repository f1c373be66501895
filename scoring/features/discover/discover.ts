import type { EntityType } from '../../../core/schema/index.ts';
import { mergeVocabularies } from '../plan/event-names.ts';
import type { FeatureEngine } from '../rows/feature-engine.ts';
import { isoOf } from '../time.ts';
import { builtinVocabulary } from '../vocabulary/builtin.ts';
import type { DiscoverContext } from './context.ts';
import { knownFeatures } from './known-features.ts';
import { measureLeakage } from './leakage.ts';
import { plural } from './names.ts';
import { profileEventProperties, profileEvents } from './profile-events.ts';
import { populationSize, profileProperties } from './profile-properties.ts';
import { proposeEventPropertyFeatures } from './propose-event-properties.ts';
import { frequentEvents, proposeEventFeatures } from './propose-events.ts';
import { decideProperties, screenProperties } from './propose-properties.ts';
import {
  DISCOVER_DEFAULTS,
  type DiscoverOptions,
  type DiscoveryReport,
  type EntityDiscovery,
} from './types.ts';

/**
 * `scorebridge features discover`: profiles the store on the analytics engine and proposes
 * features (event counts, recency and trends; filtered counts by event property; CRM properties),
 * dropping constants, identifiers, sparse and leaking candidates, each with the measured reason.
 */
export async function discoverFeatures(
  fe: FeatureEngine,
  options: DiscoverOptions,
): Promise<DiscoveryReport> {
  const minCoverage = options.minCoverage ?? DISCOVER_DEFAULTS.minCoverage;
  const leakAuc = options.leakAuc ?? DISCOVER_DEFAULTS.leakAuc;
  const entities: EntityDiscovery[] = [];
  for (const entityType of options.entityTypes)
    entities.push(await discoverEntity(fe, entityType, { ...options, minCoverage, leakAuc }));
  return { asOf: isoOf(options.asOfMs), minCoverage, leakAuc, entities };
}

async function discoverEntity(
  fe: FeatureEngine,
  entityType: EntityType,
  options: DiscoverOptions & { readonly minCoverage: number; readonly leakAuc: number },
): Promise<EntityDiscovery> {
  const additions = options.additions?.[entityType];
  const vocabulary = additions?.vocabulary
    ? mergeVocabularies(builtinVocabulary(), additions.vocabulary)
    : builtinVocabulary();
  const known = knownFeatures(
    entityType,
    vocabulary,
    additions?.definitions,
    additions?.origins,
    options.replacing,
  );
  const ctx: DiscoverContext = {
    entityType,
    population: await populationSize(fe, entityType, options.asOfMs),
    asOfMs: options.asOfMs,
    minCoverage: options.minCoverage,
    leakAuc: options.leakAuc,
    known,
    taken: new Set(known.names),
    proposed: [],
    dropped: [],
    notes: [],
    limits: DISCOVER_DEFAULTS,
  };
  if (ctx.population === 0) {
    ctx.notes.push(`no live ${plural(entityType)} before the as-of date: nothing to profile`);
    return { entityType, population: 0, proposed: [], dropped: [], notes: ctx.notes };
  }

  const frequent = frequentEvents(ctx, await profileEvents(fe, entityType, options.asOfMs));
  proposeEventFeatures(ctx, frequent);
  const eventProperties = await profileEventProperties(
    fe,
    entityType,
    options.asOfMs,
    frequent.map((p) => p.name),
    ctx.limits.topValues,
  );
  proposeEventPropertyFeatures(ctx, eventProperties);

  const candidates = screenProperties(
    ctx,
    await profileProperties(fe, entityType, options.asOfMs, ctx.limits.topValues),
  );
  const horizons = {
    lead: options.horizons?.lead ?? DISCOVER_DEFAULTS.horizonDays,
    churn: options.horizons?.churn ?? DISCOVER_DEFAULTS.horizonDays,
  };
  const leakage = await measureLeakage(
    fe,
    entityType,
    options.asOfMs,
    horizons,
    candidates.map((c) => ({ key: c.profile.key, numeric: c.numeric })),
    ctx.limits.minOutcomes,
  );
  for (const outcome of leakage.unmeasured)
    ctx.notes.push(
      `leakage not measured against ${outcome}: fewer than ${ctx.limits.minOutcomes} of one side`,
    );
  decideProperties(ctx, candidates, leakage);
  return {
    entityType,
    population: ctx.population,
    proposed: ctx.proposed,
    dropped: ctx.dropped,
    notes: ctx.notes,
  };
}
