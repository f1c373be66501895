import {
  coverageOf,
  DISCOVERED_PREFIX,
  type DiscoverContext,
  entitiesText,
  freeName,
  tooSparse,
} from './context.ts';
import { looksLikeIdentifierName } from './heuristics.ts';
import { countText, percentText, slug, words } from './names.ts';
import { type EventPropertyProfile, PROPERTY_PROFILE_DAYS } from './profile-events.ts';
import type { DropReason } from './types.ts';

/**
 * Features from the properties of frequent events (over the last year): a property most of an
 * event's rows carry, with few values, becomes counts of the event filtered to each of its most
 * frequent values (`feature_use` by `feature`), a bounded handful; a numeric one its average.
 */

const WINDOW = '90d';

function share(present: number, rows: number): number {
  return rows > 0 ? present / rows : 0;
}

/** Why this property cannot give features, if so. */
function screen(
  ctx: DiscoverContext,
  p: EventPropertyProfile,
): { reason: DropReason; detail: string } | null {
  const carried = share(p.present, p.eventRows);
  const on = `on ${percentText(carried)} of ${countText(p.eventRows)} ${p.event} events in the last year`;
  if (carried < ctx.limits.minPropertyShare)
    return { reason: 'sparse', detail: `too sparse: ${on}, min ${percentText(ctx.limits.minPropertyShare)}` };
  const numeric = p.numeric >= ctx.limits.numericShare * p.present;
  if (p.distinct <= 1 || (numeric && p.distinctNumbers <= 1))
    return { reason: 'constant', detail: `constant: ${on}, always '${p.top[0]?.value ?? ''}'` };
  const distinctShare = share(p.distinct, p.present);
  if (looksLikeIdentifierName(p.key) && distinctShare >= 0.5)
    return {
      reason: 'identifier',
      detail: `identifier-like: the name reads as an id and ${percentText(distinctShare)} of its ${countText(p.present)} values differ`,
    };
  if (!numeric && p.present >= ctx.limits.minEntities && distinctShare >= ctx.limits.identifierDistinct)
    return {
      reason: 'identifier',
      detail: `identifier-like: ${countText(p.distinct)} different values on ${countText(p.present)} events (${percentText(distinctShare)})`,
    };
  if (!numeric && p.distinct > ctx.limits.maxCategories) {
    const top = p.top.map((t) => `${t.value} ${percentText(share(t.count, p.present))}`).join(', ');
    return {
      reason: 'too_many_categories',
      detail: `too many values to count each: ${countText(p.distinct)} different (max ${ctx.limits.maxCategories}); most frequent ${top}`,
    };
  }
  return null;
}

export function proposeEventPropertyFeatures(
  ctx: DiscoverContext,
  profiles: readonly EventPropertyProfile[],
): void {
  for (const p of profiles) {
    const subject = `${p.event}.${p.key}`;
    const problem = screen(ctx, p);
    if (problem) {
      ctx.dropped.push({
        subject,
        source: 'event_property',
        ...problem,
        coverage: coverageOf(ctx, p.entities),
        count: p.present,
      });
      continue;
    }
    const numeric = p.numeric >= ctx.limits.numericShare * p.present;
    if (numeric) proposeAverage(ctx, p, subject);
    else proposeValueCounts(ctx, p);
  }
}

function proposeAverage(ctx: DiscoverContext, p: EventPropertyProfile, subject: string): void {
  const shape = { kind: 'average', window: WINDOW, property: p.key } as const;
  const known = ctx.known.computing(shape, p.event);
  const coverage = coverageOf(ctx, p.entities);
  const sparse = tooSparse(ctx, p.entities);
  if (sparse) {
    ctx.dropped.push({
      subject,
      source: 'event_property',
      reason: 'sparse',
      detail: sparse,
      coverage,
      count: p.present,
    });
    return;
  }
  if (known) {
    ctx.dropped.push({
      subject,
      source: 'event_property',
      reason: 'already_computed',
      detail: `already computed: ${known.name} (${known.origin})`,
      coverage,
      count: p.present,
    });
    return;
  }
  const found = `${subject}: a number on ${percentText(share(p.present, p.eventRows))} of ${countText(p.eventRows)} ${p.event} events in the last year, ${countText(p.distinctNumbers)} different values`;
  const label = `average ${words(p.key)} of ${words(p.event)} events`;
  ctx.proposed.push({
    name: freeName(ctx, `${slug(p.event, 30)}_${slug(p.key, 20)}_avg_90d`, 'events'),
    definition: {
      average: { property: p.key },
      events: p.event,
      window: WINDOW,
      label,
      format: 'number',
      description: `${DISCOVERED_PREFIX}${subject}`,
    },
    source: 'event_property',
    subject,
    found,
    coverage,
    count: p.present,
  });
}

function proposeValueCounts(ctx: DiscoverContext, p: EventPropertyProfile): void {
  for (const top of p.top.slice(0, ctx.limits.topValues)) {
    const subject = `${p.event}.${p.key} = ${top.value}`;
    const coverage = coverageOf(ctx, top.entities);
    const sparse = tooSparse(ctx, top.entities);
    if (sparse) {
      ctx.dropped.push({
        subject,
        source: 'event_property',
        reason: 'sparse',
        detail: sparse,
        coverage,
        count: top.count,
      });
      continue;
    }
    const where = { [p.key]: { equals: top.value } };
    const known =
      ctx.known.computing({ kind: 'count', window: WINDOW, where }, p.event) ??
      ctx.known.filtering(p.event, WINDOW, p.key, top.value);
    if (known) {
      ctx.dropped.push({
        subject,
        source: 'event_property',
        reason: 'already_computed',
        detail: `already computed: ${known.name} (${known.origin})`,
        coverage,
        count: top.count,
      });
      continue;
    }
    const found = `${subject}: ${countText(top.count)} of ${countText(p.present)} ${p.event} events with a ${p.key} in the last ${PROPERTY_PROFILE_DAYS} days (${percentText(share(top.count, p.present))}), from ${entitiesText(ctx, top.entities)}`;
    const label = `${words(p.event)} events with ${words(p.key)} ${top.value}`;
    ctx.proposed.push({
      name: freeName(ctx, `${slug(p.event, 30)}_${slug(top.value, 24)}_90d`, slug(p.key, 20)),
      definition: {
        count: p.event,
        where,
        window: WINDOW,
        label,
        singular: `${words(p.event)} event with ${words(p.key)} ${top.value}`,
        description: `${DISCOVERED_PREFIX}${subject}`,
      },
      source: 'event_property',
      subject,
      found,
      coverage,
      count: top.count,
    });
  }
}
