import { type EventType, eventTypes } from '../../core/schema/index.ts';
import { closestName, normalizeColumnName } from './fields.ts';

export type EventTypeResolution = { readonly type: EventType } | { readonly error: string };

const CANONICAL = new Set<string>(eventTypes);
const MAX_CACHED_LABELS = 10_000;

/**
 * Maps a source's event labels onto canonical event types: configured labels first (exactly, then
 * ignoring case and separators), then canonical names written loosely ("Page View" = page_view).
 * Files repeat a handful of labels millions of times, so each label is resolved once.
 */
export function createEventTypeResolver(
  mapping: Readonly<Record<string, string>>,
): (label: string) => EventTypeResolution {
  const exact = new Map<string, EventType>();
  const loose = new Map<string, EventType>();
  for (const [label, type] of Object.entries(mapping)) {
    exact.set(label, type as EventType);
    loose.set(normalizeColumnName(label), type as EventType);
  }
  for (const type of eventTypes) {
    if (!loose.has(normalizeColumnName(type))) loose.set(normalizeColumnName(type), type);
  }
  const cache = new Map<string, EventTypeResolution>();
  const resolveUncached = (label: string): EventTypeResolution => {
    const type =
      exact.get(label) ??
      (CANONICAL.has(label) ? (label as EventType) : loose.get(normalizeColumnName(label)));
    if (type) return { type };
    return { error: unknownTypeMessage(label, mapping) };
  };
  return (label) => {
    let resolution = cache.get(label);
    if (!resolution) {
      resolution = resolveUncached(label);
      if (cache.size < MAX_CACHED_LABELS) cache.set(label, resolution);
    }
    return resolution;
  };
}

function unknownTypeMessage(label: string, mapping: Readonly<Record<string, string>>): string {
  const suggestion = closestName(label, [...eventTypes, ...Object.keys(mapping)]);
  const mapped = suggestion && !CANONICAL.has(suggestion) ? ` (mapped to ${mapping[suggestion]})` : '';
  return (
    `unknown event type '${label}'` +
    (suggestion ? `; did you mean '${suggestion}'${mapped}?` : '.') +
    ` Allowed types: ${eventTypes.join(', ')}. Map other labels under eventTypes in the stream config, e.g. ` +
    `eventTypes: { "${label}": ${suggestion && CANONICAL.has(suggestion) ? suggestion : 'page_view'} }`
  );
}
