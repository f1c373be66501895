import type { SqlDatabase } from '../../../core/store/sql/sql-database.ts';
import { StoreBoundCache, StoreVersion } from './store-version.ts';

/**
 * Answers keyed by (entity, as-of), dropped as soon as the database changes (see StoreVersion).
 * Scoring is deterministic, so an answer for unchanged data, models and as-of is the answer.
 */
export class ResultCache<V> extends StoreBoundCache<V> {
  constructor(db: SqlDatabase, limit: number) {
    super(new StoreVersion(db), limit);
  }
}
