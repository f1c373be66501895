import type { Clock } from '../../../core/clock.ts';
import type { SqlDatabase, SqlStatement } from '../../../core/store/sql/sql-database.ts';
import { type ListFacets, loadFacets } from './facets.ts';
import type { ListEntity } from './list-query.ts';

/** Filter choices change slowly; counting them on every page view would cost a full scan each time. */
export const FACET_TTL_MS = 5 * 60_000;

/**
 * Facets per entity type, counted at most every few minutes and kept in the store (table
 * dashboard_facets), not in the server's memory: every server process and every replica on another
 * host shows the same counts, and one count serves them all.
 */
export class FacetCache {
  readonly #db: SqlDatabase;
  readonly #clock: Clock;
  readonly #read: SqlStatement;
  readonly #write: SqlStatement;

  constructor(db: SqlDatabase, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#read = db.prepare('SELECT computed_at, facets FROM dashboard_facets WHERE entity = ?');
    this.#write = db.prepare(
      `INSERT INTO dashboard_facets (entity, computed_at, facets) VALUES (?, ?, ?)
       ON CONFLICT (entity) DO UPDATE SET computed_at = excluded.computed_at, facets = excluded.facets`,
    );
  }

  get(entity: ListEntity): ListFacets {
    const now = this.#clock.now();
    const kept = this.#read.get(entity) as { computed_at: string; facets: string } | undefined;
    if (kept !== undefined) {
      const age = now.getTime() - Date.parse(kept.computed_at);
      // A count from the future (a clock set back) is not trusted either.
      if (age >= 0 && age < FACET_TTL_MS) return JSON.parse(kept.facets) as ListFacets;
    }
    const facets = loadFacets(this.#db, entity);
    this.#write.run(entity, now.toISOString(), JSON.stringify(facets));
    return facets;
  }
}
