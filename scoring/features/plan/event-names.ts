import type { EventVocabulary } from '../vocabulary/schema.ts';
import type { PropertyRef } from './ir.ts';

/** Reads every event, whatever its name. */
export const ANY_EVENT = 'any';

/**
 * Event names as a feature writes them -> names as stored: a group becomes its members, a
 * well-known name also matches its aliases (`login` also matches "Logged In"). Null = any event.
 */
export function expandEventNames(
  written: string | readonly string[],
  vocabulary: EventVocabulary,
): readonly string[] | null {
  const list = typeof written === 'string' ? [written] : written;
  if (list.includes(ANY_EVENT)) return null;
  const out = new Set<string>();
  const add = (name: string) => {
    out.add(name);
    for (const alias of vocabulary.aliases[name] ?? []) out.add(alias);
  };
  for (const name of list) {
    const group = vocabulary.groups[name];
    if (group) group.forEach(add);
    else add(name);
  }
  return [...out].sort();
}

/** The names a feature may reference: stored names and groups the vocabulary declares. */
export function isDeclaredGroup(name: string, vocabulary: EventVocabulary): boolean {
  return Object.hasOwn(vocabulary.groups, name);
}

/** `page` -> the names it may be stored under (`page`, `path`, `url`), first present wins. */
export function propertyRef(name: string, vocabulary: EventVocabulary): PropertyRef {
  return { names: vocabulary.properties[name] ?? [name] };
}

/** Two vocabularies joined: the user's aliases add to the built-in ones, groups and properties replace. */
export function mergeVocabularies(base: EventVocabulary, extra: EventVocabulary): EventVocabulary {
  const aliases: Record<string, string[]> = {};
  for (const [name, list] of [...Object.entries(base.aliases), ...Object.entries(extra.aliases)])
    aliases[name] = [...new Set([...(aliases[name] ?? []), ...list])];
  return {
    aliases,
    groups: { ...base.groups, ...extra.groups },
    properties: { ...base.properties, ...extra.properties },
  };
}

/** Every name the vocabulary mentions as stored (aliases and group members), for suggestions. */
export function vocabularyNames(vocabulary: EventVocabulary): string[] {
  const names = new Set<string>();
  for (const [name, list] of Object.entries(vocabulary.aliases)) {
    names.add(name);
    for (const alias of list) names.add(alias);
  }
  for (const list of Object.values(vocabulary.groups)) for (const name of list) names.add(name);
  return [...names];
}
