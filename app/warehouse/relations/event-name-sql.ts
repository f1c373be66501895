import { looseLabel, wellKnownOrOwn } from '../../../core/connectors/event-names.ts';
import { WELL_KNOWN_EVENT_TYPES } from '../../../core/schema/event.ts';
import type { RelationSql } from './relation-sql.ts';

/** The longest event name the store accepts (core/schema/event.ts). */
export const MAX_EVENT_NAME = 200;

/**
 * The name an event is stored under, as createEventNameResolver (core/connectors/event-names.ts)
 * decides it, in the same order: a label the stream maps exactly, a well-known name, a label the
 * stream maps ignoring case and separators, a well-known name written loosely, else the label.
 */
export function eventNameSql(
  sql: RelationSql,
  raw: string,
  mapping: Readonly<Record<string, string>>,
): string {
  const key = sql.looseKey(raw);
  const arms = [
    ...Object.entries(mapping).map(
      ([from, to]) => `WHEN ${raw} = ${sql.literal(from.trim())} THEN ${sql.literal(wellKnownOrOwn(to))}`,
    ),
    `WHEN ${raw} IN (${WELL_KNOWN_EVENT_TYPES.map((n) => sql.literal(n)).join(', ')}) THEN ${raw}`,
    ...Object.entries(mapping)
      .filter(([from]) => looseLabel(from) !== '')
      .map(
        ([from, to]) =>
          `WHEN ${key} = ${sql.literal(looseLabel(from))} THEN ${sql.literal(wellKnownOrOwn(to))}`,
      ),
    ...WELL_KNOWN_EVENT_TYPES.map(
      (n) => `WHEN ${key} = ${sql.literal(looseLabel(n))} THEN ${sql.literal(n)}`,
    ),
  ];
  return `(CASE ${arms.join(' ')} ELSE ${raw} END)`;
}
