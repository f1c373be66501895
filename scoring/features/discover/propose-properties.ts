import { CUSTOMER_SINCE_PROPERTIES } from '../sql/relations.ts';
import {
  coverageOf,
  DISCOVERED_PREFIX,
  type DiscoverContext,
  entitiesText,
  freeName,
  tooSparse,
} from './context.ts';
import { looksLikeIdentifierName, looksLikeOutcomeName, VALUE_PATTERNS } from './heuristics.ts';
import { type LeakageResult, leakReason, strongest } from './leakage.ts';
import { countText, percentText, plural, words } from './names.ts';
import type { PropertyProfile } from './profile-properties.ts';
import type { DropReason } from './types.ts';

/**
 * Features from CRM properties (the JSON `properties` of contacts and accounts): a property most
 * values of which are numbers is read as a number, one with few values as a category. Constants,
 * identifiers and sparse properties are dropped first; what is left is measured for leakage
 * (leakage.ts) before it is proposed.
 */

/** A property `property: properties.NAME` can name (attributes.ts). */
const READABLE = /^[A-Za-z0-9_][A-Za-z0-9_. -]*$/;

export interface PropertyCandidate {
  readonly profile: PropertyProfile;
  readonly numeric: boolean;
  readonly suspicious: boolean;
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** Why a property cannot be a feature whatever it predicts, if so. */
function screen(ctx: DiscoverContext, p: PropertyProfile): { reason: DropReason; detail: string } | null {
  if (!READABLE.test(p.key))
    return {
      reason: 'unusable_name',
      detail: 'a feature cannot name it: property names are letters, digits, _ . - and spaces',
    };
  if (CUSTOMER_SINCE_PROPERTIES.includes(p.key))
    return {
      reason: 'leak',
      detail: `scorebridge reads it as the date the ${ctx.entityType} became a customer: it is the outcome itself`,
    };
  if (ctx.entityType === 'account' && p.key === 'seats')
    return {
      reason: 'already_computed',
      detail: 'already computed: seats (built-in, with subscription changes)',
    };
  const known = ctx.known.readingProperty(p.key);
  if (known) return { reason: 'already_defined', detail: `already defined: ${known.name} (${known.origin})` };
  const sparse = tooSparse(ctx, p.present);
  if (sparse) return { reason: 'sparse', detail: sparse };
  const numeric = p.numeric >= ctx.limits.numericShare * p.present;
  if (p.distinct <= 1 || (numeric && p.distinctNumbers <= 1))
    return {
      reason: 'constant',
      detail: `constant: the ${countText(p.present)} ${plural(ctx.entityType)} with a value all have '${p.top[0]?.value ?? ''}'`,
    };
  const distinctShare = share(p.distinct, p.present);
  for (const pattern of VALUE_PATTERNS) {
    const matching = share(p.patterns[pattern.kind] ?? 0, p.present);
    if (matching >= ctx.limits.patternShare && (pattern.always || distinctShare >= 0.5))
      return {
        reason: 'identifier',
        detail: `identifier-like: ${percentText(matching)} of its ${countText(p.present)} values look like ${pattern.words}`,
      };
  }
  if (looksLikeIdentifierName(p.key) && distinctShare >= 0.5)
    return {
      reason: 'identifier',
      detail: `identifier-like: the name reads as an id and ${percentText(distinctShare)} of its ${countText(p.present)} values differ`,
    };
  if (!numeric && distinctShare >= ctx.limits.identifierDistinct)
    return {
      reason: 'identifier',
      detail: `identifier-like: ${countText(p.distinct)} different values for ${countText(p.present)} ${plural(ctx.entityType)} with one (${percentText(distinctShare)})`,
    };
  if (!numeric && p.distinct > ctx.limits.maxCategories)
    return {
      reason: 'too_many_categories',
      detail: `too many categories: ${countText(p.distinct)} different values (max ${ctx.limits.maxCategories})`,
    };
  return null;
}

/** The properties worth measuring for leakage; the others are dropped with the reason. */
export function screenProperties(
  ctx: DiscoverContext,
  profiles: readonly PropertyProfile[],
): PropertyCandidate[] {
  const candidates: PropertyCandidate[] = [];
  for (const profile of profiles) {
    const problem = screen(ctx, profile);
    if (problem) {
      ctx.dropped.push({
        subject: `properties.${profile.key}`,
        source: 'crm_property',
        ...problem,
        coverage: coverageOf(ctx, profile.present),
        count: profile.present,
      });
      continue;
    }
    candidates.push({
      profile,
      numeric: profile.numeric >= ctx.limits.numericShare * profile.present,
      suspicious: looksLikeOutcomeName(profile.key),
    });
  }
  return candidates;
}

function valuesText(p: PropertyProfile, numeric: boolean): string {
  if (numeric) return `${countText(p.distinctNumbers)} different numbers`;
  const top = p.top.map((t) => `${t.value} ${percentText(share(t.count, p.present))}`).join(', ');
  return `${countText(p.distinct)} values (${top}${p.distinct > p.top.length ? ', ...' : ''})`;
}

/** Proposes the measured-clean candidates and drops the leaking ones, saying what was measured. */
export function decideProperties(
  ctx: DiscoverContext,
  candidates: readonly PropertyCandidate[],
  leakage: LeakageResult,
): void {
  for (const candidate of candidates) {
    const p = candidate.profile;
    const subject = `properties.${p.key}`;
    const threshold = candidate.suspicious ? ctx.limits.suspiciousLeakAuc : ctx.leakAuc;
    const leak = strongest(leakage.measurements.get(p.key));
    const coverage = coverageOf(ctx, p.present);
    if (leak && (leak.auc >= threshold || leak.onlyWithOutcome)) {
      const bar = candidate.suspicious
        ? `bar AUC ${threshold}, lowered because the name suggests an outcome`
        : `bar AUC ${threshold}`;
      ctx.dropped.push({
        subject,
        source: 'crm_property',
        reason: 'leak',
        detail: leakReason(leak, bar),
        coverage,
        count: p.present,
        leak,
      });
      continue;
    }
    const measured = leak
      ? `no leak: at most AUC ${leak.auc.toFixed(2)} (${leak.outcome})`
      : 'leakage not measured (too few outcomes)';
    const found = `${subject} on ${entitiesText(ctx, p.present)}, ${valuesText(p, candidate.numeric)}; ${measured}`;
    const label = words(p.key);
    ctx.proposed.push({
      name: freeName(ctx, p.key, 'crm'),
      definition: {
        property: subject,
        ...(candidate.numeric ? { type: 'number' as const } : {}),
        label,
        description: `${DISCOVERED_PREFIX}CRM property ${p.key}`,
      },
      source: 'crm_property',
      subject,
      found,
      coverage,
      count: p.present,
      ...(leak ? { leak } : {}),
      ...(candidate.suspicious
        ? {
            note: leak
              ? `the name suggests an outcome, but it measured AUC ${leak.auc.toFixed(2)} at most (bar ${threshold}): kept`
              : 'the name suggests an outcome and leakage could not be measured (too few outcomes): check it',
          }
        : {}),
    });
  }
}
