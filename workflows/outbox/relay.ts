import type { Clock } from '../../core/clock.ts';
import { fullJitterDelay } from '../../core/limits/backoff.ts';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { inTransaction } from '../../core/store/sqlite/sql.ts';
import { claimDueRows } from './claim.ts';
import { newClaimerId, startPerforming, stopPerforming } from './claimer.ts';
import { type RecoverySummary, recoverOrphans } from './recovery.ts';
import { REPLAY_SAFE_AFTER_CRASH } from './recovery-policy.ts';
import { loadRow, loadRowsInState, RowMovedError, transitionRow } from './rows.ts';
import { OUTBOX_STATES, type OutboxState } from './states.ts';
import type {
  DeliveryOutcome,
  OutboxBatchTransports,
  OutboxKind,
  OutboxRow,
  OutboxTransports,
} from './types.ts';

export interface OutboxRelayOptions {
  readonly db: SqlDatabase;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly transports: OutboxTransports;
  /**
   * Kinds performed many rows per call (CRM writes through batch APIs). Only replay-safe rows are
   * batched: all rows of a batch are claimed (`sending`, committed) before the one call, so a crash
   * leaves them all in `sending`, and recovery performs them again under the same keys. A batched
   * kind needs its single-row transport as well (rows that are not replay-safe go one at a time).
   */
  readonly batchTransports?: OutboxBatchTransports;
  /** Source of jitter; inject a seeded generator for deterministic runs. */
  readonly random: () => number;
  /** Claims (send attempts) after which a temporary failure becomes dead_letter. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly capDelayMs?: number;
  /**
   * Whether performing this row again cannot duplicate its effect (the destination finds it by its
   * key). Defaults to REPLAY_SAFE_AFTER_CRASH by kind; the app refines it per connector (a CRM that
   * creates tasks by key makes task rows replay-safe). Replay-safe rows never become `unknown`.
   */
  readonly replaySafe?: (row: OutboxRow) => boolean;
  /**
   * How long a claim holds. Another relay takes a `sending` row over only after this (or at once
   * when the claimer's process is certainly gone), so it must exceed the longest send, rate-limit
   * waits included. Default 10 minutes.
   */
  readonly leaseMs?: number;
}

export interface RunSummary {
  readonly claimed: number;
  readonly sent: number;
  readonly retried: number;
  readonly deadLettered: number;
  readonly failed: number;
  readonly unknown: number;
}

export type { RecoverySummary } from './recovery.ts';

export interface RetrySummary {
  readonly retried: number[];
  readonly refused: { readonly id: number; readonly reason: string }[];
}

export interface OutboxReport {
  readonly counts: Record<OutboxState, number>;
  readonly unknown: OutboxRow[];
}

type Settled = 'sent' | 'retried' | 'deadLettered' | 'failed' | 'unknown';

/**
 * Performs outbox rows. A row is marked `sending` and committed BEFORE the network call, so a
 * crash mid-send leaves evidence (`sending`) that `recover` turns into a safe decision instead
 * of a silent resend.
 */
export class OutboxRelay {
  readonly #options: OutboxRelayOptions;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #capDelayMs: number;
  readonly #replaySafe: (row: OutboxRow) => boolean;
  readonly #leaseMs: number;
  /** This relay's name on the rows it claims (`host:pid:relay`). */
  readonly claimer = newClaimerId();

  constructor(options: OutboxRelayOptions) {
    this.#options = options;
    this.#leaseMs = options.leaseMs ?? 10 * 60_000;
    this.#replaySafe = options.replaySafe ?? ((row) => REPLAY_SAFE_AFTER_CRASH[row.kind]);
    this.#maxAttempts = options.maxAttempts ?? 5;
    this.#baseDelayMs = options.baseDelayMs ?? 1_000;
    this.#capDelayMs = options.capDelayMs ?? 15 * 60_000;
  }

  /**
   * Performs up to `limit` due rows, claiming each one just before its attempt. Claiming a whole
   * batch up front would leave every claimed-but-untried row in `sending` after a crash, and
   * recovery must then call all of them unknown; one at a time, a crash strands only the row
   * actually in flight. A kind with a batch transport claims, with the head row, the due rows of
   * its kind that one batch call will carry: they are all in flight together, and all replay-safe.
   */
  async runOnce(limit: number): Promise<RunSummary> {
    startPerforming(this.claimer);
    try {
      return await this.#runRound(limit);
    } finally {
      stopPerforming(this.claimer);
    }
  }

  async #runRound(limit: number): Promise<RunSummary> {
    const tally: Record<Settled, number> = { sent: 0, retried: 0, deadLettered: 0, failed: 0, unknown: 0 };
    let claimed = 0;
    while (claimed < limit) {
      const [row] = this.claimDue(1);
      if (row === undefined) break;
      const batch = this.#options.batchTransports?.[row.kind];
      if (batch && this.#replaySafe(row)) {
        // Rows one batch call will perform, all claimed before it: the in-flight set is the batch.
        const rows = [row, ...this.#claimBatchMates(row.kind, Math.min(batch.maxRows, limit - claimed) - 1)];
        claimed += rows.length;
        const outcomes = await this.#performBatch(rows);
        rows.forEach((member, index) => {
          tally[this.#record(member, outcomes[index]!)] += 1;
        });
        continue;
      }
      claimed += 1;
      const outcome = await this.#perform(row);
      tally[this.#record(row, outcome)] += 1;
    }
    return { claimed, ...tally };
  }

  /**
   * Runs until nothing is pending, sleeping (through the injected sleep) until the next retry is
   * due; bounded by `maxRounds` so a permanently failing peer cannot keep it busy forever.
   */
  async drain(limit: number, maxRounds: number): Promise<RunSummary[]> {
    const rounds: RunSummary[] = [];
    while (rounds.length < maxRounds) {
      const summary = await this.runOnce(limit);
      rounds.push(summary);
      if (summary.claimed > 0) continue;
      const nextDue = this.#nextDueAt();
      if (nextDue === undefined) break;
      await this.#options.sleep(Math.max(0, nextDue.getTime() - this.#options.clock.now().getTime()));
    }
    return rounds;
  }

  /** Marks due pending rows `sending` for this relay and commits, so the claim survives a crash. */
  claimDue(limit: number): OutboxRow[] {
    return this.#claim(Object.keys(this.#options.transports) as OutboxKind[], limit);
  }

  /**
   * Resolves rows left in `sending` by relays that cannot finish them: their lease ran out or
   * their process is gone (see recovery.ts). A live relay's in-flight rows, on this host or
   * another, are left alone, so this is safe to call while other relays run.
   */
  recover(now: Date): RecoverySummary {
    return recoverOrphans(this.#options.db, now, this.#replaySafe);
  }

  /** Operator retry: moves failed / dead-letter rows back to pending with a fresh attempt budget. */
  retry(target: readonly number[] | 'dead_letter'): RetrySummary {
    const { db } = this.#options;
    const at = this.#options.clock.now().toISOString();
    return inTransaction(db, () => {
      const rows =
        target === 'dead_letter'
          ? loadRowsInState(db, 'dead_letter')
          : target.map((id) => loadRow(db, id) ?? id);
      const retried: number[] = [];
      const refused: { id: number; reason: string }[] = [];
      for (const row of rows) {
        if (typeof row === 'number') {
          refused.push({ id: row, reason: `no outbox row with id ${row}` });
        } else if (row.state !== 'failed' && row.state !== 'dead_letter') {
          refused.push({
            id: row.id,
            reason:
              row.state === 'unknown'
                ? `row is unknown (it may have happened); settle it with \`scorebridge outbox resolve ${row.id} --delivered\` or \`--resend\``
                : `row is ${row.state}; only failed or dead_letter rows are retried`,
          });
        } else {
          transitionRow(db, row, 'pending', at, { attempts: 0, nextAttemptAt: at });
          retried.push(row.id);
        }
      }
      return { retried, refused };
    });
  }

  report(): OutboxReport {
    const { db } = this.#options;
    const counts = Object.fromEntries(OUTBOX_STATES.map((state) => [state, 0])) as Record<
      OutboxState,
      number
    >;
    const rows = db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as {
      state: OutboxState;
      n: number;
    }[];
    for (const { state, n } of rows) counts[state] = n;
    return { counts, unknown: loadRowsInState(db, 'unknown') };
  }

  /** Claims up to `limit` more due, replay-safe rows of `kind` (oldest first), committed before the call. */
  #claimBatchMates(kind: OutboxKind, limit: number): OutboxRow[] {
    const claimed = this.#claim([kind], limit);
    const mates = claimed.filter((row) => this.#replaySafe(row));
    const others = claimed.filter((row) => !this.#replaySafe(row));
    if (others.length > 0) {
      // Claimed in the same statement but not for a batch: hand them straight back, untried.
      const at = this.#options.clock.now().toISOString();
      inTransaction(this.#options.db, () => {
        for (const row of others)
          transitionRow(this.#options.db, row, 'pending', at, { attempts: row.attempts - 1 });
      });
    }
    return mates;
  }

  #claim(kinds: readonly OutboxKind[], limit: number): OutboxRow[] {
    const now = this.#options.clock.now();
    return claimDueRows(this.#options.db, {
      kinds,
      limit,
      now: now.toISOString(),
      claimer: this.claimer,
      leaseUntil: new Date(now.getTime() + this.#leaseMs).toISOString(),
    });
  }

  async #performBatch(rows: readonly OutboxRow[]): Promise<DeliveryOutcome[]> {
    const transport = this.#options.batchTransports?.[rows[0]!.kind];
    if (!transport) return rows.map(() => ({ status: 'permanent', error: 'no batch transport configured' }));
    try {
      const outcomes = await transport.send(rows);
      return rows.map(
        (_, index) =>
          outcomes[index] ?? { status: 'unknown', error: 'the batch sender gave no outcome for this row' },
      );
    } catch (error) {
      // Replay-safe rows only: not knowing is a reason to perform them again later.
      return rows.map(() => ({
        status: 'unknown',
        error: `batch sender threw: ${(error as Error).message}`,
      }));
    }
  }

  async #perform(row: OutboxRow): Promise<DeliveryOutcome> {
    const sender = this.#options.transports[row.kind];
    if (!sender) return { status: 'permanent', error: `no transport configured for kind ${row.kind}` };
    try {
      return await sender(row);
    } catch (error) {
      // A sender that throws instead of classifying may have reached the peer: assume the worst.
      return { status: 'unknown', error: `sender threw: ${(error as Error).message}` };
    }
  }

  #record(row: OutboxRow, outcome: DeliveryOutcome): Settled {
    try {
      return this.#recordOutcome(row, outcome);
    } catch (error) {
      // The lease ran out mid-send and another relay's recovery took the row: it decided (replay
      // or unknown), and this late outcome must not overwrite that decision.
      if (error instanceof RowMovedError) return 'unknown';
      throw error;
    }
  }

  #recordOutcome(row: OutboxRow, outcome: DeliveryOutcome): Settled {
    const now = this.#options.clock.now();
    const at = now.toISOString();
    const { db } = this.#options;
    return inTransaction(db, () => {
      switch (outcome.status) {
        case 'sent':
          transitionRow(db, row, 'sent', at, {
            sentAt: at,
            lastError: null,
            providerId: outcome.providerId ?? null,
          });
          return 'sent';
        case 'permanent':
          transitionRow(db, row, 'failed', at, { lastError: outcome.error });
          return 'failed';
        case 'unknown':
          if (!this.#replaySafe(row)) {
            transitionRow(db, row, 'unknown', at, { lastError: outcome.error });
            return 'unknown';
          }
          // The destination finds a repeat by its key, so not knowing is just a reason to try again.
          return this.#retryLater(row, outcome.error, undefined, now);
        case 'retry':
          return this.#retryLater(row, outcome.error, outcome.retryAfterMs, now);
      }
    });
  }

  #retryLater(row: OutboxRow, error: string, retryAfterMs: number | undefined, now: Date): Settled {
    const { db } = this.#options;
    const at = now.toISOString();
    if (row.attempts >= this.#maxAttempts) {
      transitionRow(db, row, 'dead_letter', at, { lastError: error });
      return 'deadLettered';
    }
    // Retry-After is the peer's own instruction, so it wins over our jitter.
    const delayMs =
      retryAfterMs ??
      fullJitterDelay(row.attempts - 1, this.#baseDelayMs, this.#capDelayMs, this.#options.random);
    const nextAttemptAt = new Date(now.getTime() + delayMs).toISOString();
    transitionRow(db, row, 'pending', at, { lastError: error, nextAttemptAt });
    return 'retried';
  }

  #nextDueAt(): Date | undefined {
    const kinds = Object.keys(this.#options.transports);
    const row = this.#options.db
      .prepare(
        `SELECT MIN(next_attempt_at) AS due FROM outbox WHERE state = 'pending'
           AND kind IN (${kinds.map(() => '?').join(', ')})`,
      )
      .get(...kinds) as { due: string | null } | undefined;
    return row?.due ? new Date(row.due) : undefined;
  }
}
