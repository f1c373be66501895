import { ANY_EVENT, isDeclaredGroup } from '../plan/event-names.ts';
import type { FeatureDefinitionInput } from '../vocabulary/schema.ts';
import {
  coverageOf,
  DISCOVERED_PREFIX,
  type DiscoverContext,
  entitiesText,
  freeName,
  tooSparse,
} from './context.ts';
import type { MeasureShape } from './known-features.ts';
import { countText, dayText, slug, words } from './names.ts';
import type { EventProfile } from './profile-events.ts';

/**
 * Features from frequent event names: how many in the last 30 and 90 days, days since the last
 * one, a 30-vs-30-day trend when they happen often enough to have one, and at account level how
 * many different people do it. What the built-in catalog (or the config) already computes for the
 * same event and window is left out.
 */

interface Measure {
  readonly suffix: string;
  readonly shape: MeasureShape;
  readonly definition: (event: string, label: string) => FeatureDefinitionInput;
}

const COUNT_30: Measure = {
  suffix: '30d',
  shape: { kind: 'count', window: '30d' },
  definition: (event, label) => ({
    count: event,
    window: '30d',
    label: `${label} events`,
    singular: `${label} event`,
  }),
};
const COUNT_90: Measure = {
  suffix: '90d',
  shape: { kind: 'count', window: '90d' },
  definition: (event, label) => ({
    count: event,
    window: '90d',
    label: `${label} events`,
    singular: `${label} event`,
  }),
};
const DAYS_SINCE: Measure = {
  suffix: 'days_since_last',
  shape: { kind: 'days_since_last' },
  definition: (event, label) => ({ days_since_last: event, label: `${label} event` }),
};
const TREND: Measure = {
  suffix: 'trend_30_30',
  shape: { kind: 'trend', recent: '30d', previous: '30d' },
  definition: (event, label) => ({ trend: event, recent: '30d', previous: '30d', label: `${label} events` }),
};
const PEOPLE: Measure = {
  suffix: 'people_90d',
  shape: { kind: 'distinct_person', window: '90d' },
  definition: (event, label) => ({
    distinct: 'person',
    events: event,
    window: '90d',
    label: `people with ${label} events`,
    singular: `person with ${label} events`,
  }),
};

/** Why an event name cannot be read on its own, if so. */
function unusableName(ctx: DiscoverContext, name: string): string | null {
  if (name === ANY_EVENT || name === 'deals')
    return `'${name}' is a reserved word of the feature vocabulary (every event / the deals), not one event`;
  if (isDeclaredGroup(name, ctx.known.vocabulary))
    return `'${name}' names an event group in the vocabulary, so a feature reading it would read the whole group`;
  return null;
}

/** The event names worth features, most events first; the rest are dropped with the reason. */
export function frequentEvents(ctx: DiscoverContext, profiles: readonly EventProfile[]): EventProfile[] {
  const limit = ctx.limits.maxEventNames;
  if (profiles.length > limit)
    ctx.notes.push(
      `${profiles.length - limit} more event names with fewer events were not profiled (the ${limit} most frequent were)`,
    );
  const kept: EventProfile[] = [];
  for (const profile of profiles.slice(0, limit)) {
    const drop = (reason: 'sparse' | 'stale' | 'unusable_name', detail: string) =>
      ctx.dropped.push({
        subject: profile.name,
        source: 'event',
        reason,
        detail,
        coverage: coverageOf(ctx, profile.entities),
        count: profile.rows,
      });
    const unusable = unusableName(ctx, profile.name);
    if (unusable) drop('unusable_name', unusable);
    else if (profile.rows < ctx.limits.minEventRows)
      drop(
        'sparse',
        `too rare: ${countText(profile.rows)} events before ${dayText(ctx.asOfMs)}, min ${ctx.limits.minEventRows}`,
      );
    else if (tooSparse(ctx, profile.entities)) drop('sparse', tooSparse(ctx, profile.entities)!);
    else if (profile.rows90d === 0)
      drop(
        'stale',
        `no longer recorded: none in the 90 days before ${dayText(ctx.asOfMs)}, the last on ${dayText(profile.lastMs)}`,
      );
    else kept.push(profile);
  }
  return kept;
}

/** The measures worth proposing for one frequent event name. */
function measuresFor(ctx: DiscoverContext, profile: EventProfile): Measure[] {
  const measures = [COUNT_30, COUNT_90, DAYS_SINCE];
  // Events per entity (that had one lately) per 30 days: a trend of rarer events is mostly noise.
  const rate = profile.entities90d > 0 ? profile.rows90d / profile.entities90d / 3 : 0;
  if (rate >= ctx.limits.minTrendRate) measures.push(TREND);
  const peoplePerAccount = profile.entities > 0 ? profile.entityPeople / profile.entities : 0;
  if (ctx.entityType === 'account' && profile.withPerson >= 0.5 * profile.rows && peoplePerAccount >= 1.2)
    measures.push(PEOPLE);
  return measures;
}

/** Proposes the features of each frequent event name not computed yet. */
export function proposeEventFeatures(ctx: DiscoverContext, profiles: readonly EventProfile[]): void {
  for (const profile of profiles) {
    const base = slug(profile.name, 40);
    const label = words(profile.name);
    const found = `${profile.name}: ${countText(profile.rows)} events of ${entitiesText(ctx, profile.entities)} before ${dayText(ctx.asOfMs)}, ${countText(profile.rows30d)} in the last 30 days`;
    const covered: string[] = [];
    for (const measure of measuresFor(ctx, profile)) {
      const known = ctx.known.computing(measure.shape, profile.name);
      if (known) {
        covered.push(`${known.name} (${known.origin})`);
        continue;
      }
      const name = freeName(
        ctx,
        measure === DAYS_SINCE ? `days_since_last_${base}` : `${base}_${measure.suffix}`,
        'events',
      );
      ctx.proposed.push({
        name,
        definition: {
          ...measure.definition(profile.name, label),
          description: `${DISCOVERED_PREFIX}${profile.name} events`,
        },
        source: 'event',
        subject: profile.name,
        found,
        coverage: coverageOf(ctx, profile.entities),
        count: profile.rows,
      });
    }
    if (covered.length > 0)
      ctx.dropped.push({
        subject: profile.name,
        source: 'event',
        reason: 'already_computed',
        detail: `already computed: ${covered.join(', ')}`,
        coverage: coverageOf(ctx, profile.entities),
        count: profile.rows,
      });
  }
}
