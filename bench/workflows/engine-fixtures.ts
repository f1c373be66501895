/** Shared setup for the engine tick benchmark: clock, entity contexts, store and phase timing. */
import path from 'node:path';
import { FixedClock } from '../../core/clock.ts';
import { openSqliteStore } from '../../core/store/sqlite/index.ts';
import type { EntityContextInput, EntityRef } from '../../workflows/engine/index.ts';
import { engineMigrations } from '../../workflows/engine/index.ts';
import { outboxMigrations } from '../../workflows/outbox/index.ts';
import type { DatabaseTimer } from './timed-database.ts';

/** Monday 15:00 UTC: inside 09:00-17:00 in every zone below. */
export const NOW = new Date('2026-03-02T15:00:00.000Z');
export const ZONES = [
  'America/New_York',
  'America/Chicago',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Lisbon',
];
const TIERS = ['low', 'medium', 'high'] as const;
const PREVIOUS: Record<(typeof TIERS)[number], string> = { low: 'medium', medium: 'low', high: 'medium' };
export const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function contextFor(entity: EntityRef): EntityContextInput {
  const n = Number(entity.id.slice(2));
  const tier = TIERS[n % 3]!;
  return {
    entity,
    scores: {
      churn_risk: {
        value: 20 + (n % 3) * 30,
        tier,
        previousTier: PREVIOUS[tier],
        scoredAt: '2026-03-02T00:00:00.000Z',
      },
    },
    record: { account: { status: 'active' } },
    email: `${entity.id}@example.com`,
    timeZone: ZONES[n % ZONES.length]!,
  };
}

export const entities = (from: number, to: number): EntityRef[] =>
  Array.from({ length: to - from }, (_, i) => ({ type: 'contact', id: `c-${from + i}` }));

export interface Phase {
  readonly label: string;
  readonly units: number;
  readonly wallMs: number;
  readonly dbMs: number;
}

export function measure(timer: DatabaseTimer, label: string, work: () => number): Phase {
  timer.reset();
  const started = performance.now();
  const units = work();
  return { label, units, wallMs: performance.now() - started, dbMs: timer.totalMs() };
}

export async function openStore(dir: string, name: string) {
  return openSqliteStore({
    path: path.join(dir, name),
    clock: new FixedClock(NOW.toISOString()),
    extraMigrations: [...outboxMigrations, ...engineMigrations],
  });
}
