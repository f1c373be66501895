import { validationError } from '../errors.ts';
import type { CrmState } from '../state/crm-state.ts';
import { objectJson, readValue } from '../state/object-json.ts';
import type { StoredObject } from '../state/object-table.ts';
import { type ObjectType, objectTypeInfo } from '../state/object-types.ts';
import { numericValue } from '../state/property-values.ts';
import { compileFilter, type Predicate } from './filters.ts';
import { DEFAULT_SEARCH_INDEX_LAG_MS, searchView } from './index-lag.ts';

export interface SearchLimits {
  readonly maxFilterGroups: number;
  readonly maxFiltersPerGroup: number;
  readonly maxFilters: number;
  /**
   * How long search trails writes (HubSpot's index lag, see index-lag.ts): a record written less
   * than this long ago is not found, or found with its previous values. 0 makes search instant,
   * for focused tests that are not about the lag.
   */
  readonly indexLagMs: number;
}

export const defaultSearchLimits: SearchLimits = {
  maxFilterGroups: 5,
  maxFiltersPerGroup: 10,
  maxFilters: 25,
  indexLagMs: DEFAULT_SEARCH_INDEX_LAG_MS,
};

/** Search never pages past this many results: `after + limit` beyond it is a 400. */
export const SEARCH_RESULT_CAP = 10_000;
const MAX_LIMIT = 200;

interface Sort {
  readonly propertyName: string;
  readonly descending: boolean;
}

/** POST /crm/v3/objects/{type}/search: filter groups (OR of ANDed filters), sorts, offset paging, `total`. */
export function runSearch(
  state: CrmState,
  type: ObjectType,
  body: Record<string, unknown>,
  limits: SearchLimits,
): Record<string, unknown> {
  const limit = body.limit === undefined ? 10 : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw validationError(`limit must be between 1 and ${MAX_LIMIT}; got ${String(body.limit)}.`);
  const after = body.after === undefined || body.after === null || body.after === '' ? 0 : Number(body.after);
  if (!Number.isInteger(after) || after < 0)
    throw validationError(`after must be a numeric offset; got ${String(body.after)}.`);
  if (after + limit > SEARCH_RESULT_CAP) {
    throw validationError('There was a problem with the request.', {
      errors: [
        {
          message: `Search paging is limited to ${SEARCH_RESULT_CAP} results: after (${after}) + limit (${limit}) is past it.`,
        },
      ],
    });
  }
  const query = typeof body.query === 'string' ? body.query.toLowerCase() : '';
  if (query.length > 3000) throw validationError('query must be at most 3000 characters.');
  const groups = compileGroups(state, type, body.filterGroups, limits);
  const sorts = parseSorts(state, type, body.sorts);
  const visibleBefore = state.now() - limits.indexLagMs;
  const matches: StoredObject[] = [];
  for (const stored of state.tables[type].scanFrom(0, false)) {
    const object = limits.indexLagMs > 0 ? searchView(stored, visibleBefore) : stored;
    if (!object) continue;
    if (groups.length > 0 && !groups.some((group) => group.every((test) => test(object)))) continue;
    if (query && !matchesQuery(type, object, query)) continue;
    matches.push(object);
  }
  if (sorts.length > 0) matches.sort((a, b) => compareBy(state, type, sorts, a, b));
  const properties =
    Array.isArray(body.properties) && body.properties.length > 0 ? (body.properties as string[]) : null;
  const defaults = objectTypeInfo[type].defaultSearchProperties;
  const page = matches.slice(after, after + limit);
  const out: Record<string, unknown> = {
    total: matches.length,
    results: page.map((object) => objectJson(state, type, object, { properties, defaults })),
  };
  if (after + limit < matches.length) out.paging = { next: { after: String(after + limit) } };
  return out;
}

function compileGroups(state: CrmState, type: ObjectType, raw: unknown, limits: SearchLimits): Predicate[][] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw validationError('filterGroups must be an array.');
  if (raw.length > limits.maxFilterGroups)
    throw validationError(`At most ${limits.maxFilterGroups} filterGroups are allowed; got ${raw.length}.`);
  let total = 0;
  return raw.map((group: { filters?: unknown }) => {
    const filters = Array.isArray(group?.filters) ? group.filters : [];
    if (filters.length > limits.maxFiltersPerGroup)
      throw validationError(`At most ${limits.maxFiltersPerGroup} filters per group are allowed.`);
    total += filters.length;
    if (total > limits.maxFilters)
      throw validationError(`At most ${limits.maxFilters} filters in total are allowed.`);
    return filters.map((filter) => compileFilter(state, type, filter));
  });
}

/**
 * Sorts as objects {propertyName, direction}. A plain string names a property (ascending); a
 * JSON-encoded string is ignored, which is how HubSpot silently drops sorts passed that way.
 */
function parseSorts(state: CrmState, type: ObjectType, raw: unknown): Sort[] {
  if (raw === undefined) return [{ propertyName: 'hs_object_id', descending: false }];
  if (!Array.isArray(raw)) throw validationError('sorts must be an array.');
  const sorts: Sort[] = [];
  for (const entry of raw) {
    if (typeof entry === 'string') {
      if (entry.trim().startsWith('{')) continue;
      const descending = entry.startsWith('-');
      sorts.push({ propertyName: descending ? entry.slice(1) : entry, descending });
      continue;
    }
    const sort = (entry ?? {}) as { propertyName?: unknown; direction?: unknown };
    if (typeof sort.propertyName !== 'string') throw validationError('each sort needs a propertyName.');
    if (sort.direction !== undefined && sort.direction !== 'ASCENDING' && sort.direction !== 'DESCENDING') {
      throw validationError(`sort direction must be ASCENDING or DESCENDING; got ${String(sort.direction)}.`);
    }
    sorts.push({ propertyName: sort.propertyName, descending: sort.direction === 'DESCENDING' });
  }
  for (const sort of sorts) {
    if (!state.properties.get(type, sort.propertyName))
      throw validationError(`Cannot sort by unknown property ${sort.propertyName}.`);
  }
  return sorts;
}

function compareBy(
  state: CrmState,
  type: ObjectType,
  sorts: Sort[],
  a: StoredObject,
  b: StoredObject,
): number {
  for (const sort of sorts) {
    const property = state.properties.get(type, sort.propertyName);
    const left = readValue(type, a, sort.propertyName);
    const right = readValue(type, b, sort.propertyName);
    if (left === right) continue;
    if (left === undefined) return 1;
    if (right === undefined) return -1;
    const ln = numericValue(property, left);
    const rn = numericValue(property, right);
    const order = ln !== null && rn !== null ? ln - rn : left.localeCompare(right);
    if (order !== 0) return sort.descending ? -order : order;
  }
  return a.id - b.id;
}

function matchesQuery(type: ObjectType, object: StoredObject, query: string): boolean {
  return objectTypeInfo[type].queryProperties.some((name) =>
    readValue(type, object, name)?.toLowerCase().includes(query),
  );
}
