import { deterministicMessageId } from '../../../workflows/email/index.ts';
import type { Fleet } from '../../helpers/fleet/processes.ts';
import type { StoreReader } from '../../helpers/fleet/store-reader.ts';
import { SENDING_DOMAIN } from '../../helpers/fleet/world.ts';
import { headerOf } from '../workflows/app/scripted-smtp.ts';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What an operator does after crashes, as the README describes: look each unknown email's
 * Message-ID up in the mail server's log, mark the ones found delivered and queue the others again
 * (same Message-ID), through `scorebridge outbox resolve`.
 */
export async function reconcileUnknown(
  read: StoreReader,
  fleet: Fleet,
  config: string,
  delivered: readonly { raw: string }[],
): Promise<{ delivered: number; resent: number }> {
  const unknown = await read<{ id: string; key: string; kind: string }>(
    `SELECT id, idempotency_key AS key, kind FROM outbox WHERE state = 'unknown' ORDER BY id`,
  );
  if (unknown.length === 0) return { delivered: 0, resent: 0 };
  const log = new Set(delivered.map((mail) => headerOf(mail.raw, 'Message-ID')));
  const found: string[] = [];
  const missing: string[] = [];
  for (const row of unknown) {
    if (row.kind !== 'email') throw new Error(`a ${row.kind} row (${row.key}) has an unknown outcome`);
    (log.has(deterministicMessageId(row.key, SENDING_DOMAIN)) ? found : missing).push(String(row.id));
  }
  for (const [ids, flag] of [
    [found, '--delivered'],
    [missing, '--resend'],
  ] as const) {
    if (ids.length === 0) continue;
    const result = await fleet.run('outbox-resolve', ['outbox', 'resolve', ...ids, flag, '-c', config]);
    if (result.code !== 0) throw new Error(`outbox resolve ${flag} failed: ${result.stderr.slice(-600)}`);
  }
  return { delivered: found.length, resent: missing.length };
}

/** Polls until `done` answers true, or throws with what `describe` says after `timeoutMs`. */
export async function waitFor(
  what: string,
  done: () => Promise<boolean>,
  timeoutMs: number,
  describe: () => Promise<string> = async () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached in ${timeoutMs / 1000} s. ${await describe()}`);
    await sleep(1000);
  }
}
