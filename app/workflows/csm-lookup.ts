import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import type { EmailConfig } from '../config/email.ts';
import type { CsmCard } from './render-data.ts';

/** The CSM an assign_owner step gave the entity, as the email signature shows them. */
export function csmLookup(db: SqlDatabase, csms: EmailConfig['csms']) {
  const byId = new Map(csms.map((csm) => [csm.id, csm]));
  const query = db.prepare('SELECT csm_id FROM csm_assignments WHERE entity_type = ? AND entity_id = ?');
  return (entity: { type: 'contact' | 'account'; id: string }): CsmCard | undefined => {
    const row = query.get(entity.type, entity.id) as { csm_id: string } | undefined;
    const csm = row ? byId.get(row.csm_id) : undefined;
    return (
      csm && { name: csm.name, email: csm.email, ...(csm.bookingUrl ? { bookingUrl: csm.bookingUrl } : {}) }
    );
  };
}
