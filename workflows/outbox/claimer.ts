import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Who claimed an outbox row: `host:pid:relay`. Several relays (processes, hosts, or relays of one
 * process) share one outbox, so recovery must tell a dead claimer's rows from a live one's.
 */
export function newClaimerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Relays of this process that are performing rows right now. A row is `sending` only while its
 * relay awaits the peer, so a claim by a relay of this process that is not in this set was left by
 * a relay that stopped mid-send (its process survived, e.g. an exception or a test's simulated
 * crash). Process memory is the right place: it describes this process and nothing else.
 */
const performing = new Set<string>();

export function startPerforming(claimer: string): void {
  performing.add(claimer);
}

export function stopPerforming(claimer: string): void {
  performing.delete(claimer);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True when the claimer certainly cannot finish its send: its process on this host is gone, or it
 * is a relay of this process that is no longer performing. A claimer on another host is never
 * judged here; its lease expiry decides.
 */
export function claimerGone(claimer: string): boolean {
  const [host, pidText] = claimer.split(':');
  if (host !== hostname()) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return !performing.has(claimer);
  return !pidAlive(pid);
}
