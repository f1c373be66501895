import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type ConfigIssue, closest, displayPath, issueAt, parseYamlSource } from '../../core/config/index.ts';
import type { EntityType } from '../../core/schema/index.ts';
import { INLINE_ORIGIN } from '../../scoring/features/feature-set.ts';
import { ANY_EVENT, expandEventNames } from '../../scoring/features/plan/event-names.ts';
import type { FeatureDefinitionInput } from '../../scoring/features/vocabulary/schema.ts';
import type { LoadedConfig } from './load.ts';

/** The keys whose value names events (count: login, events: [a, b], ...). */
const EVENT_KEYS = ['count', 'exists', 'days_since_last', 'days_since_first', 'trend', 'events'] as const;

/** Event names an event count of the store holds, most frequent first. */
export interface StoreEventName {
  readonly name: string;
  readonly events: number;
}

function written(definition: FeatureDefinitionInput, key: (typeof EVENT_KEYS)[number]): readonly string[] {
  if (definition.deals !== undefined) return [];
  const value = definition[key];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/**
 * Event names the user's features read that never occur in the store, each located where it is
 * written (scorebridge.yaml or a feature file) with the closest name the store does hold. A group
 * or an alias counts when any of its names occurs.
 */
export function unknownFeatureEvents(
  loaded: LoadedConfig,
  inStore: readonly StoreEventName[],
): ConfigIssue[] {
  const { scoring } = loaded.config;
  const known = new Set(inStore.map((n) => n.name));
  const candidates = [
    ...inStore.map((n) => n.name),
    ...Object.keys(scoring.events.groups),
    ...Object.keys(scoring.events.aliases),
  ];
  const sources = new Map<string, ReturnType<typeof parseYamlSource>>();
  const sourceOf = (origin: string) => {
    const file = origin === INLINE_ORIGIN ? loaded.file : path.resolve(loaded.configDir, origin);
    let source = sources.get(file);
    if (!source) {
      source = parseYamlSource(readFileSync(file, 'utf8'), displayPath(file));
      sources.set(file, source);
    }
    return source;
  };
  const issues: ConfigIssue[] = [];
  for (const entityType of ['contact', 'account'] as EntityType[]) {
    for (const [feature, definition] of Object.entries(scoring.features[entityType])) {
      const origin = loaded.featureOrigins?.[entityType][feature] ?? INLINE_ORIGIN;
      for (const key of EVENT_KEYS) {
        const names = written(definition, key);
        names.forEach((name, index) => {
          if (name === ANY_EVENT || (key === 'count' && name === 'deals')) return;
          const stored = expandEventNames(name, scoring.events) ?? [];
          if (stored.some((n) => known.has(n))) return;
          const base =
            origin === INLINE_ORIGIN
              ? ['scoring', 'features', entityType, feature, key]
              : ['features', entityType, feature, key];
          const at = typeof definition[key] === 'string' ? base : [...base, index];
          const suggestion = closest(name, candidates);
          const listed = inStore
            .slice(0, 8)
            .map((n) => n.name)
            .join(', ');
          issues.push(
            issueAt(
              sourceOf(origin),
              at,
              `event '${name}' never occurs in the store`,
              suggestion
                ? `did you mean '${suggestion}'?`
                : inStore.length === 0
                  ? 'the store holds no events yet: run `scorebridge sync` first'
                  : `the store's most frequent events are ${listed}; or alias your name under scoring.events.aliases`,
            ),
          );
        });
      }
    }
  }
  return issues;
}
