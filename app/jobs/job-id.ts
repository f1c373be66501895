import { createHash } from 'node:crypto';

/**
 * A job's id from what it is for: kind, key and scheduled period. Two `schedule` processes that
 * enqueue the same period compute the same id, and the queue keeps the first (its primary key
 * refuses the second), so a period is enqueued once however many schedulers run.
 */
export function jobId(kind: string, key: string, period: string): string {
  const hex = createHash('sha256').update(`${kind}\u0000${key}\u0000${period}`).digest('hex');
  // Shaped as a UUID (version 5 layout, RFC 4122 variant): the queue's id column is a uuid.
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
