import type { WriteResult } from '../../core/connectors/destination.ts';
import type { SalesforceClient } from './client.ts';
import { instant } from './mapping/values.ts';
import { idList } from './soql.ts';

/**
 * The objects scorebridge writes scores to. An incremental sync of these leaves out records whose
 * last change was the API user's own (`LastModifiedById != <API user>`), so a write-back is not
 * read straight back on the next sync. Tasks and the rest keep every row: tasks scorebridge
 * creates are real activity.
 */
export const WRITTEN_OBJECTS: ReadonlySet<string> = new Set(['Account', 'Contact', 'Lead']);

const ids = new WeakMap<SalesforceClient, Promise<string>>();

/**
 * The API user's id, asked once per client from the UserInfo endpoint (Salesforce Help, "UserInfo
 * Endpoint": `GET /services/oauth2/userinfo` answers `user_id` for the session's user).
 */
export function apiUserId(client: SalesforceClient): Promise<string> {
  let pending = ids.get(client);
  if (!pending) {
    pending = client
      .call('identify the API user', (conn) =>
        conn.request<{ user_id?: unknown }>({ method: 'GET', url: '/services/oauth2/userinfo' }),
      )
      .then((info) => {
        if (typeof info.user_id !== 'string' || !/^005[a-zA-Z0-9]{12,15}$/.test(info.user_id))
          throw new Error('Salesforce userinfo did not name the API user (no user_id)');
        return info.user_id;
      });
    pending.catch(() => ids.delete(client));
    ids.set(client, pending);
  }
  return pending;
}

/** The SOQL condition that leaves out rows the API user changed last. */
export function notOwnWrite(userId: string): string {
  return `LastModifiedById != ${idList([userId]).slice(1, -1)}`;
}

/** Read with the current values before a write-back: who changed each record last, and when. */
export const OWN_WRITE_AUDIT_FIELDS: readonly string[] = ['SystemModstamp', 'LastModifiedById'];

/**
 * After a write: every written record whose last change before it was not the API user's gets
 * `coveredChangeAt`, the SystemModstamp of that change. Once written, the record's last modifier
 * is the API user, so a sync leaving out own writes would miss that change if no sync saw it yet.
 */
export function markCoveredChanges(
  writes: readonly { recordId: string; intents: readonly number[] }[],
  current: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
  userId: string,
  results: WriteResult[],
): void {
  const me = userId.slice(0, 15);
  for (const write of writes) {
    const row = current.get(write.recordId.slice(0, 15));
    const by = typeof row?.LastModifiedById === 'string' ? row.LastModifiedById.slice(0, 15) : null;
    const stamp = instant(row?.SystemModstamp);
    if (by === me || !stamp) continue;
    for (const index of write.intents) {
      const result = results[index];
      if (result?.status === 'ok') results[index] = { ...result, coveredChangeAt: stamp };
    }
  }
}
