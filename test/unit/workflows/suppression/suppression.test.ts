import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import {
  signUnsubscribeToken,
  suppress,
  suppressionCounts,
  suppressionMigrations,
  suppressionOf,
  unsubscribeUrl,
  unsuppress,
  verifyUnsubscribeToken,
} from '../../../../workflows/suppression/index.ts';

const KEY = 'k'.repeat(32);

describe('unsubscribe tokens', () => {
  it('round-trip the address (lower-cased) and the list', () => {
    const token = signUnsubscribeToken({ address: 'Ana@Example.com', list: 'retention' }, KEY);
    expect(verifyUnsubscribeToken(token, KEY)).toEqual({ address: 'ana@example.com', list: 'retention' });
    expect(unsubscribeUrl('https://x.example/u?a=1', token)).toBe(`https://x.example/u?a=1&token=${token}`);
  });

  it('refuse a forged, altered or foreign-key token', () => {
    const token = signUnsubscribeToken({ address: 'ana@example.com', list: 'retention' }, KEY);
    const other = signUnsubscribeToken({ address: 'bob@example.com', list: 'retention' }, KEY);
    const swapped = `${other.split('.')[0]}.${token.split('.').slice(1).join('.')}`;
    expect(verifyUnsubscribeToken(swapped, KEY)).toHaveProperty('error');
    expect(verifyUnsubscribeToken(token, 'another-key')).toHaveProperty('error');
    expect(verifyUnsubscribeToken('not-a-token', KEY)).toEqual({
      error: 'malformed token: expected three dot-separated parts',
    });
  });
});

describe('suppression list', () => {
  function db(): DatabaseSync {
    const database = new DatabaseSync(':memory:');
    database.exec(suppressionMigrations[0]!.sql);
    return database;
  }

  it('keeps the first reason, matches case-insensitively and can be lifted', () => {
    const database = db();
    const now = new Date('2026-11-02T10:00:00Z');
    expect(
      suppress(
        database,
        { address: 'Ana@Example.com', reason: 'unsubscribe', source: 'list-unsubscribe' },
        now,
      ),
    ).toBe(true);
    expect(
      suppress(database, { address: 'ana@example.com', reason: 'bounce', source: 'smtp 550' }, now),
    ).toBe(false);
    expect(suppressionOf(database, 'ANA@example.com')).toMatchObject({
      reason: 'unsubscribe',
      source: 'list-unsubscribe',
    });
    expect(suppressionCounts(database)).toMatchObject({ unsubscribe: 1, bounce: 0 });
    expect(unsuppress(database, 'ana@example.com')).toBe(true);
    expect(suppressionOf(database, 'ana@example.com')).toBeUndefined();
  });
});
