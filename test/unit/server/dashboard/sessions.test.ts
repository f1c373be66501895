import { afterEach, describe, expect, it } from 'vitest';
import { safeNext } from '../../../../app/server/routes/login-routes.ts';
import { apiKeyMigrations } from '../../../../app/server/security/api-key-migration.ts';
import { ApiKeyStore } from '../../../../app/server/security/api-keys.ts';
import { sessionMigrations } from '../../../../app/server/security/session-migration.ts';
import { SessionStore } from '../../../../app/server/security/sessions.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { DIALECTS, type DialectDatabase, openDialectDatabase } from '../../../helpers/dialect-database.ts';

const opened: DialectDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.dispose();
});

async function stores(dialect: (typeof DIALECTS)[number]) {
  const database = await openDialectDatabase(dialect, [...apiKeyMigrations, ...sessionMigrations]);
  opened.push(database);
  const { db } = database;
  const clock = new FixedClock('2026-11-01T09:00:00Z');
  const keys = new ApiKeyStore(db, clock);
  const sessions = new SessionStore(db, clock, { idleMinutes: 30, maxHours: 8 });
  return { db, clock, keys, sessions };
}

describe.each(DIALECTS)('dashboard sessions on %s', (dialect) => {
  it('keeps only a hash of the session id and ends it when idle, when too old, or when its key is revoked', async () => {
    const { db, clock, keys, sessions } = await stores(dialect);
    const { key, info } = keys.create('Maria', 'read');
    const verified = keys.verify(key)!;
    const opened = sessions.open(verified);
    expect(JSON.stringify(db.prepare('SELECT * FROM dashboard_sessions').all())).not.toContain(
      opened.sessionId,
    );
    expect(sessions.find(opened.sessionId)?.key.name).toBe('Maria');
    expect(sessions.find(`${opened.sessionId}x`)).toBeNull();

    clock.advance(29 * 60_000);
    expect(sessions.find(opened.sessionId)).not.toBeNull();
    clock.advance(29 * 60_000);
    // Used 29 minutes ago: still alive (each use moves the idle deadline).
    expect(sessions.find(opened.sessionId)).not.toBeNull();
    clock.advance(31 * 60_000);
    expect(sessions.find(opened.sessionId)).toBeNull();

    const active = sessions.open(verified);
    for (let i = 0; i < 17; i++) {
      clock.advance(29 * 60_000);
      sessions.find(active.sessionId);
    }
    // Over eight hours since sign-in: ended however active.
    expect(sessions.find(active.sessionId)).toBeNull();

    const revoked = sessions.open(verified);
    expect(sessions.find(revoked.sessionId)).not.toBeNull();
    keys.revoke(info.id);
    expect(sessions.find(revoked.sessionId)).toBeNull();
  });

  it('signs out and purges ended sessions', async () => {
    const { clock, keys, sessions, db } = await stores(dialect);
    const verified = keys.verify(keys.create('Maria', 'read').key)!;
    const a = sessions.open(verified);
    sessions.open(verified);
    expect(sessions.close(a.sessionId)).toBe(true);
    expect(sessions.close(a.sessionId)).toBe(false);
    clock.advance(31 * 60_000);
    expect(sessions.purgeExpired()).toBe(1);
    expect((db.prepare('SELECT COUNT(*) AS n FROM dashboard_sessions').get() as { n: number }).n).toBe(0);
  });
});

describe('sign-in redirect', () => {
  it('returns after sign-in only to a path on this server', () => {
    expect(safeNext('/dashboard/accounts?q=acme')).toBe('/dashboard/accounts?q=acme');
    expect(safeNext('//evil.example/x')).toBe('/dashboard/');
    expect(safeNext('/\\evil.example')).toBe('/dashboard/');
    expect(safeNext('https://evil.example')).toBe('/dashboard/');
    expect(safeNext(undefined)).toBe('/dashboard/');
    expect(safeNext(['/a'])).toBe('/dashboard/');
  });
});
