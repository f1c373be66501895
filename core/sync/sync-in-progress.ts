import { hostname } from 'node:os';

/** Another live process (or this one) is syncing the stream: a second run would only duplicate its work. */
export class SyncInProgressError extends Error {
  readonly stream: string;
  constructor(stream: string, owner: string, startedAt: string) {
    super(`${stream} is already being synced by ${owner} since ${startedAt}; this run skips it`);
    this.name = 'SyncInProgressError';
    this.stream = stream;
  }
}

/** Who runs a sync, as stored on its sync_runs row: host and process id. */
export function syncOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Whether the process that started a run may still be running it. A process on this host is
 * checked directly; one on another host cannot be, so it is presumed alive (its run finishes or
 * is marked interrupted from its own host).
 */
export function ownerAlive(owner: string | null): boolean {
  if (owner === null) return false;
  const at = owner.lastIndexOf(':');
  const host = owner.slice(0, at);
  const pid = Number(owner.slice(at + 1));
  if (host !== hostname()) return true;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
