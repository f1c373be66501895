import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../../core/clock.ts';
import type { SqlDatabase, SqlStatement } from '../../../core/store/sql/sql-database.ts';
import type { ApiScope } from '../server-deps.ts';
import { isApiScope, type VerifiedKey } from './api-keys.ts';

/** How long a dashboard session lives: idle time before it ends, and its longest life in any case. */
export interface SessionPolicy {
  readonly idleMinutes: number;
  readonly maxHours: number;
}

export interface OpenedSession {
  /** The random id for the cookie: returned once, stored only as a hash. */
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

export interface ActiveSession {
  readonly key: VerifiedKey;
  /** Forms posted within this session (logout) must carry it. */
  readonly csrfToken: string;
}

/** Last-seen is written at most this often, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

const hashId = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex');
export const randomToken = () => randomBytes(32).toString('base64url');

/** Sessions in the store's `dashboard_sessions` table (migration 510). */
export class SessionStore {
  readonly #db: SqlDatabase;
  readonly #clock: Clock;
  readonly #idleMs: number;
  readonly #maxMs: number;
  #find: SqlStatement | undefined;

  constructor(db: SqlDatabase, clock: Clock, policy: SessionPolicy) {
    this.#db = db;
    this.#clock = clock;
    this.#idleMs = policy.idleMinutes * 60_000;
    this.#maxMs = policy.maxHours * 3_600_000;
  }

  /** The longest a session cookie needs to live, in seconds (for its Max-Age). */
  get maxAgeSeconds(): number {
    return Math.floor(this.#maxMs / 1000);
  }

  open(key: VerifiedKey): OpenedSession {
    const now = this.#clock.now();
    const sessionId = randomToken();
    const csrfToken = randomToken();
    const expiresAt = new Date(now.getTime() + this.#maxMs);
    this.purgeExpired();
    this.#db
      .prepare(
        'INSERT INTO dashboard_sessions (id_hash, key_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        hashId(sessionId),
        key.id,
        csrfToken,
        now.toISOString(),
        now.toISOString(),
        expiresAt.toISOString(),
      );
    return { sessionId, csrfToken, expiresAt };
  }

  /**
   * The live session with this id, or null when it is unknown, idle too long, past its end, or its
   * key was revoked. Ended sessions are deleted as they are found.
   */
  find(sessionId: string): ActiveSession | null {
    if (sessionId.length === 0 || sessionId.length > 100) return null;
    this.#find ??= this.#db.prepare(
      `SELECT s.id_hash, s.csrf_token, s.last_seen_at, s.expires_at, k.id AS key_id, k.name, k.scope, k.revoked_at
       FROM dashboard_sessions s JOIN api_keys k ON k.id = s.key_id WHERE s.id_hash = ?`,
    );
    const idHash = hashId(sessionId);
    const row = this.#find.get(idHash) as
      | {
          csrf_token: string;
          last_seen_at: string;
          expires_at: string;
          key_id: number;
          name: string;
          scope: string;
          revoked_at: string | null;
        }
      | undefined;
    if (!row) return null;
    const now = this.#clock.now().getTime();
    const lastSeen = Date.parse(row.last_seen_at);
    const ended =
      row.revoked_at !== null ||
      !isApiScope(row.scope) ||
      now >= Date.parse(row.expires_at) ||
      now - lastSeen >= this.#idleMs;
    if (ended) {
      this.#db.prepare('DELETE FROM dashboard_sessions WHERE id_hash = ?').run(idHash);
      return null;
    }
    if (now - lastSeen >= TOUCH_EVERY_MS)
      this.#db
        .prepare('UPDATE dashboard_sessions SET last_seen_at = ? WHERE id_hash = ?')
        .run(new Date(now).toISOString(), idHash);
    return {
      key: { id: Number(row.key_id), name: row.name, scope: row.scope as ApiScope },
      csrfToken: row.csrf_token,
    };
  }

  /** Ends a session (logout); true when there was one. */
  close(sessionId: string): boolean {
    const result = this.#db
      .prepare('DELETE FROM dashboard_sessions WHERE id_hash = ?')
      .run(hashId(sessionId));
    return Number(result.changes) === 1;
  }

  /** Deletes sessions past their end or idle too long; returns how many. */
  purgeExpired(): number {
    const now = this.#clock.now().getTime();
    const result = this.#db
      .prepare('DELETE FROM dashboard_sessions WHERE expires_at <= ? OR last_seen_at <= ?')
      .run(new Date(now).toISOString(), new Date(now - this.#idleMs).toISOString());
    return Number(result.changes);
  }
}
