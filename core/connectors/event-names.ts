import { WELL_KNOWN_EVENT_TYPES } from '../schema/index.ts';

const MAX_CACHED_LABELS = 10_000;

/** Case, spaces and separators carry no meaning in a label: "Page View" = "page-view" = page_view. */
export function looseLabel(label: string): string {
  return loose(label);
}

function loose(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const WELL_KNOWN = new Set<string>(WELL_KNOWN_EVENT_TYPES);
const WELL_KNOWN_BY_LOOSE = new Map<string, string>(
  WELL_KNOWN_EVENT_TYPES.map((name) => [loose(name), name]),
);

/** A well-known name written loosely becomes that name; any other name stays as written (trimmed). */
export function wellKnownOrOwn(name: string): string {
  const trimmed = name.trim();
  return WELL_KNOWN_BY_LOOSE.get(loose(trimmed)) ?? trimmed;
}

/**
 * Turns a source's event labels into the names events are stored under: labels the stream maps
 * exactly, well-known names, labels the stream maps ignoring case and separators, then well-known
 * names written loosely ("Page View" = page_view); any other label is kept as the source wrote it,
 * trimmed. A mapped-to name that is a well-known name written loosely becomes that name too.
 * Files repeat a handful of labels millions of times, so each label is resolved once.
 */
export function createEventNameResolver(
  mapping: Readonly<Record<string, string>> = {},
): (label: string) => string {
  const exact = new Map<string, string>();
  const mapped = new Map<string, string>();
  for (const [label, name] of Object.entries(mapping)) {
    exact.set(label, wellKnownOrOwn(name));
    const key = loose(label);
    if (key !== '') mapped.set(key, wellKnownOrOwn(name));
  }
  const cache = new Map<string, string>();
  const resolveUncached = (label: string): string => {
    const trimmed = label.trim();
    const found = exact.get(label) ?? exact.get(trimmed);
    if (found !== undefined) return found;
    if (WELL_KNOWN.has(trimmed)) return trimmed;
    const key = loose(trimmed);
    return (key === '' ? undefined : mapped.get(key)) ?? WELL_KNOWN_BY_LOOSE.get(key) ?? trimmed;
  };
  return (label) => {
    let name = cache.get(label);
    if (name === undefined) {
      name = resolveUncached(label);
      if (cache.size < MAX_CACHED_LABELS) cache.set(label, name);
    }
    return name;
  };
}
