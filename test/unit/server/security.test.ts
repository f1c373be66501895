import { afterEach, describe, expect, it } from 'vitest';
import { apiKeyMigrations } from '../../../app/server/security/api-key-migration.ts';
import { API_KEY_PREFIX, ApiKeyStore, scopeAllows } from '../../../app/server/security/api-keys.ts';
import { TokenBuckets } from '../../../app/server/security/rate-limit.ts';
import { FixedClock } from '../../../core/clock.ts';
import { DIALECTS, type DialectDatabase, openDialectDatabase } from '../../helpers/dialect-database.ts';

const opened: DialectDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.dispose();
});

async function keyStore(dialect: (typeof DIALECTS)[number]): Promise<ApiKeyStore> {
  const database = await openDialectDatabase(dialect, apiKeyMigrations);
  opened.push(database);
  return new ApiKeyStore(database.db, new FixedClock('2026-11-01T00:00:00Z'));
}

describe.each(DIALECTS)('ApiKeyStore on %s', (dialect) => {
  it('creates high-entropy prefixed keys, verifies them and nothing else', async () => {
    const keys = await keyStore(dialect);
    const { key, info } = keys.create('forms', 'score');
    expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(key.length).toBeGreaterThanOrEqual(API_KEY_PREFIX.length + 43);
    expect(key.startsWith(info.prefix)).toBe(true);
    expect(keys.verify(key)).toEqual({ id: info.id, name: 'forms', scope: 'score' });
    expect(keys.verify(`${key}x`)).toBeNull();
    expect(keys.verify(`${info.prefix}${'A'.repeat(key.length - info.prefix.length)}`)).toBeNull();
    expect(keys.verify('Bearer nonsense')).toBeNull();
  });

  it('refuses revoked keys and reports revocation in the list', async () => {
    const keys = await keyStore(dialect);
    const { key, info } = keys.create('old', 'read');
    expect(keys.revoke(info.id)).toBe(true);
    expect(keys.revoke(info.id)).toBe(false);
    expect(keys.verify(key)).toBeNull();
    expect(keys.list()[0]?.revokedAt).toBe('2026-11-01T00:00:00.000Z');
  });
});

describe('API key scopes', () => {
  it('lets admin do everything and other scopes only themselves', () => {
    expect(scopeAllows('admin', 'score')).toBe(true);
    expect(scopeAllows('admin', 'read')).toBe(true);
    expect(scopeAllows('read', 'score')).toBe(false);
    expect(scopeAllows('score', 'read')).toBe(false);
    expect(scopeAllows('score', 'admin')).toBe(false);
  });
});

describe('TokenBuckets', () => {
  it('allows a minute of requests at once, then refills at the per-minute rate', async () => {
    const clock = new FixedClock('2026-11-01T00:00:00Z');
    const buckets = new TokenBuckets(60, clock);
    for (let i = 0; i < 60; i += 1) expect(await buckets.take('k')).toBe(0);
    expect(await buckets.take('k')).toBe(1);
    expect(await buckets.take('other')).toBe(0);
    clock.advance(1000);
    expect(await buckets.take('k')).toBe(0);
    expect(await buckets.take('k')).toBe(1);
  });
});
