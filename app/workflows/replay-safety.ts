import { type OutboxRow, REPLAY_SAFE_AFTER_CRASH } from '../../workflows/outbox/index.ts';
import type { CrmTarget } from './senders/crm-sender.ts';

/**
 * Which outbox rows the relay may perform again when it cannot tell whether they happened: by kind
 * (REPLAY_SAFE_AFTER_CRASH), except that a task is safe exactly when its CRM creates tasks by key
 * (HubSpot by a key property searched first, Salesforce by an external-id upsert).
 */
export function replaySafety(targets: ReadonlyMap<string, CrmTarget>): (row: OutboxRow) => boolean {
  return (row) => {
    if (row.kind !== 'task') return REPLAY_SAFE_AFTER_CRASH[row.kind];
    const connector = (row.payload as { connector?: unknown } | null)?.connector;
    return typeof connector === 'string' && targets.get(connector)?.destination.tasksIdempotentByKey === true;
  };
}
