import type { SqlDatabase } from '../../../core/store/sql/sql-database.ts';
import { tableExists } from '../../../core/store/sql/table-exists.ts';
import { type ListEntity, SEGMENT_FIELDS } from './list-query.ts';

export interface Facet {
  readonly value: string;
  readonly count: number;
}

/** The choices a list's filters offer, with how many records each has. */
export interface ListFacets {
  readonly owners: readonly Facet[];
  readonly segments: readonly {
    readonly column: string;
    readonly label: string;
    readonly values: readonly Facet[];
  }[];
  /** "workflow:state" values present in the store. */
  readonly workflows: readonly {
    readonly workflow: string;
    readonly state: string;
    readonly count: number;
  }[];
}

/** At most this many values of one segment field are offered (the most common ones). */
const SEGMENT_VALUES = 40;
/** Counts every filter choice of a list: a pass over the table, kept by FacetCache (facet-cache.ts). */
export function loadFacets(db: SqlDatabase, entity: ListEntity): ListFacets {
  const table = entity === 'account' ? 'accounts' : 'contacts';
  const live = 'deleted_at IS NULL AND merged_into IS NULL';
  const owners = db
    .prepare(
      `SELECT owner_id AS value, COUNT(*) AS count FROM ${table} WHERE ${live} AND owner_id IS NOT NULL GROUP BY owner_id ORDER BY owner_id`,
    )
    .all() as unknown as Facet[];
  const segments = SEGMENT_FIELDS[entity].map((field) => ({
    ...field,
    values: db
      .prepare(
        `SELECT ${field.column} AS value, COUNT(*) AS count FROM ${table} WHERE ${live} AND ${field.column} IS NOT NULL
         GROUP BY ${field.column} ORDER BY count DESC, value LIMIT ${SEGMENT_VALUES}`,
      )
      .all() as unknown as Facet[],
  }));
  const hasEnrollments = tableExists(db, 'enrollments');
  const workflows = hasEnrollments
    ? (db
        .prepare(
          'SELECT workflow, state, COUNT(DISTINCT entity_id) AS count FROM enrollments WHERE entity_type = ? GROUP BY workflow, state ORDER BY workflow, state',
        )
        .all(entity) as unknown as ListFacets['workflows'])
    : [];
  return { owners, segments: segments.filter((s) => s.values.length > 0), workflows };
}
