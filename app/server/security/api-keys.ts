import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../core/clock.ts';
import type { SqlDatabase, SqlStatement } from '../../../core/store/sql/sql-database.ts';
import { API_SCOPES, type ApiScope } from '../server-deps.ts';

/** Every key starts with this, so a leaked key is recognisable in logs and by secret scanners. */
export const API_KEY_PREFIX = 'sb_live_';
/** Characters of the key kept in clear to tell keys apart in `keys list` (prefix + 6 characters). */
const VISIBLE_LENGTH = API_KEY_PREFIX.length + 6;

export interface ApiKeyInfo {
  readonly id: number;
  readonly name: string;
  readonly scope: ApiScope;
  /** The first characters of the key, e.g. "sb_live_Ab3dE9". */
  readonly prefix: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface VerifiedKey {
  readonly id: number;
  readonly name: string;
  readonly scope: ApiScope;
}

function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

function toInfo(row: Record<string, unknown>): ApiKeyInfo {
  return {
    id: Number(row.id),
    name: String(row.name),
    scope: String(row.scope) as ApiScope,
    prefix: String(row.prefix),
    createdAt: String(row.created_at),
    revokedAt: row.revoked_at === null ? null : String(row.revoked_at),
  };
}

/** admin implies every scope; the others only themselves. */
export function scopeAllows(granted: ApiScope, needed: ApiScope): boolean {
  return granted === 'admin' || granted === needed;
}

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}

/** API keys in the store's `api_keys` table (migration 500). */
export class ApiKeyStore {
  readonly #db: SqlDatabase;
  readonly #clock: Clock;
  /** Prepared once: every API request verifies a key. */
  #byPrefix: SqlStatement | undefined;

  constructor(db: SqlDatabase, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Creates a key and returns it in clear: the only time it is ever visible. */
  create(name: string, scope: ApiScope): { key: string; info: ApiKeyInfo } {
    // 32 random bytes = 256 bits: a sha256 without salt is safe for keys this long.
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const saved = this.#db
      .prepare(
        'INSERT INTO api_keys (name, scope, prefix, key_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
      )
      .get(
        name,
        scope,
        key.slice(0, VISIBLE_LENGTH),
        hashKey(key).toString('hex'),
        this.#clock.now().toISOString(),
      ) as { id: number };
    const info = this.list().find((k) => k.id === Number(saved.id));
    if (!info) throw new Error('api key was not saved');
    return { key, info };
  }

  list(): ApiKeyInfo[] {
    return (this.#db.prepare('SELECT * FROM api_keys ORDER BY id').all() as Record<string, unknown>[]).map(
      toInfo,
    );
  }

  /** Revokes a key at once; false when no active key has that id. */
  revoke(id: number): boolean {
    const result = this.#db
      .prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(this.#clock.now().toISOString(), id);
    return Number(result.changes) === 1;
  }

  /**
   * The active key matching `presented`, or null. Candidates are found by their visible prefix and
   * every candidate's hash is compared in constant time, so timing tells nothing about the secret part.
   */
  verify(presented: string): VerifiedKey | null {
    if (!presented.startsWith(API_KEY_PREFIX) || presented.length > 200) return null;
    const hash = hashKey(presented);
    this.#byPrefix ??= this.#db.prepare(
      'SELECT id, name, scope, key_hash FROM api_keys WHERE prefix = ? AND revoked_at IS NULL',
    );
    const rows = this.#byPrefix.all(presented.slice(0, VISIBLE_LENGTH)) as Array<{
      id: number;
      name: string;
      scope: string;
      key_hash: string;
    }>;
    let found: VerifiedKey | null = null;
    for (const row of rows) {
      const stored = Buffer.from(row.key_hash, 'hex');
      if (stored.length === hash.length && timingSafeEqual(stored, hash) && isApiScope(row.scope))
        found = { id: Number(row.id), name: row.name, scope: row.scope };
    }
    return found;
  }
}
