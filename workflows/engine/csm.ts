import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { type EntityRef, entityKey } from './context.ts';
import { statement } from './repository.ts';

/** A customer success manager assign_owner steps may choose (the main config's email.csms). */
export const csmSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  email: z.string().min(1),
  bookingUrl: z.string().min(1).optional(),
  crmUserId: z.string().min(1).optional(),
});
export type Csm = z.output<typeof csmSchema>;

export function parseCsms(input: readonly unknown[]): Csm[] {
  const parsed = z.array(csmSchema).safeParse(input);
  if (!parsed.success) throw new Error(`tick csms are invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export interface CsmAssignment {
  readonly csmId: string;
  readonly assignedAt: string;
}

/** The CSM assigned to this entity, if any, for email render data and CSM-owned tasks. */
export function assignedCsm(db: SqlDatabase, entity: EntityRef): CsmAssignment | undefined {
  const row = statement(
    db,
    'SELECT csm_id, assigned_at FROM csm_assignments WHERE entity_type = ? AND entity_id = ?',
  ).get(entity.type, entity.id) as { csm_id: string; assigned_at: string } | undefined;
  return row === undefined ? undefined : { csmId: row.csm_id, assignedAt: row.assigned_at };
}

const rendezvous = (entity: EntityRef, csm: Csm) =>
  createHash('sha256')
    .update(`${entityKey(entity)}|${csm.id}`)
    .digest('hex');

/**
 * The CSM with the fewest assignments; among equals the one whose hash with the entity key is
 * lowest, so the choice is deterministic yet spreads entities evenly rather than favouring the
 * first CSM listed.
 */
export function chooseCsm(
  csms: readonly Csm[],
  load: ReadonlyMap<string, number>,
  entity: EntityRef,
): Csm | undefined {
  let best: { csm: Csm; count: number; hash: string } | undefined;
  for (const csm of csms) {
    const count = load.get(csm.id) ?? 0;
    const hash = rendezvous(entity, csm);
    if (best === undefined || count < best.count || (count === best.count && hash < best.hash))
      best = { csm, count, hash };
  }
  return best?.csm;
}

/**
 * Per-tick view of CSM assignments. The load per CSM is read once and kept up to date as this
 * tick assigns; `forget` drops it after a rollback so it is re-read from the store.
 */
export class CsmAssigner {
  readonly #db: SqlDatabase;
  readonly #csms: readonly Csm[];
  #load: Map<string, number> | undefined;

  constructor(db: SqlDatabase, csms: readonly Csm[]) {
    this.#db = db;
    this.#csms = csms;
  }

  get configured(): boolean {
    return this.#csms.length > 0;
  }

  /** The configured CSM this entity is assigned to; undefined when none or no longer configured. */
  current(entity: EntityRef): Csm | undefined {
    const assignment = assignedCsm(this.#db, entity);
    return assignment === undefined ? undefined : this.#csms.find((csm) => csm.id === assignment.csmId);
  }

  /**
   * Keeps an existing assignment to a configured CSM; otherwise chooses one and, when `write`,
   * stores it. Undefined when no CSMs are configured.
   */
  assign(entity: EntityRef, now: Date, write: boolean): { csm: Csm; kept: boolean } | undefined {
    const existing = this.current(entity);
    if (existing !== undefined) return { csm: existing, kept: true };
    const load = this.#loadByCsm();
    const csm = chooseCsm(this.#csms, load, entity);
    if (csm === undefined) return undefined;
    if (write) {
      statement(
        this.#db,
        `INSERT INTO csm_assignments (entity_type, entity_id, csm_id, assigned_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (entity_type, entity_id) DO UPDATE SET csm_id = excluded.csm_id, assigned_at = excluded.assigned_at`,
      ).run(entity.type, entity.id, csm.id, now.toISOString());
      load.set(csm.id, (load.get(csm.id) ?? 0) + 1);
    }
    return { csm, kept: false };
  }

  forget(): void {
    this.#load = undefined;
  }

  #loadByCsm(): Map<string, number> {
    if (this.#load === undefined) {
      const rows = statement(
        this.#db,
        'SELECT csm_id, COUNT(*) AS n FROM csm_assignments GROUP BY csm_id',
      ).all() as Array<{ csm_id: string; n: number }>;
      this.#load = new Map(rows.map((row) => [row.csm_id, Number(row.n)]));
    }
    return this.#load;
  }
}
