import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../../../../core/clock.ts';
import { openSqliteStore, type SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import {
  resolveWorkflow,
  type WorkflowDefinition,
  workflowFileSchema,
} from '../../../../workflows/definitions/index.ts';
import type { EntityContextInput, EntityRef } from '../../../../workflows/engine/index.ts';
import { engineMigrations } from '../../../../workflows/engine/index.ts';
import { outboxMigrations } from '../../../../workflows/outbox/index.ts';
import { openPostgresTestStore } from '../../../helpers/postgres-store.ts';

/** Monday 07:00 in New York: before the 09:00-17:00 send window opens. */
export const MONDAY_EARLY = '2026-03-02T12:00:00.000Z';

export async function openEngineStore(start = MONDAY_EARLY): Promise<SqliteCanonicalStore> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scorebridge-engine-'));
  return openSqliteStore({
    path: path.join(dir, 'store.sqlite'),
    clock: new FixedClock(start),
    extraMigrations: [...outboxMigrations, ...engineMigrations],
  });
}

/** The same store on a fresh database of the test run's Postgres server; close() drops it. */
export async function openEnginePostgresStore(start = MONDAY_EARLY): Promise<SqliteCanonicalStore> {
  const pg = await openPostgresTestStore(new FixedClock(start));
  const close = pg.store.close.bind(pg.store);
  pg.store.close = async () => {
    await close();
    await pg.database.drop();
  };
  return pg.store;
}

/** Backends the engine's contract runs on: embedded SQLite and Postgres. */
export const ENGINE_BACKENDS = [
  { backend: 'SQLite', open: openEngineStore },
  { backend: 'Postgres', open: openEnginePostgresStore },
] as const;

export function retentionWorkflow(
  extra: { frequency_caps?: unknown[]; reenrollment?: string } = {},
): WorkflowDefinition {
  const parsed = workflowFileSchema().parse({
    name: 'retention',
    entry: {
      triggers: [{ on: 'tier_change', model: 'churn_risk', to: 'medium' }],
      audience: 'account.status != "churned"',
      reenrollment: extra.reenrollment ?? 'on_transition',
    },
    steps: [
      { action: 'write_fields', to: 'crm', fields: { scorebridge_churn_tier: 'high' }, tiers: ['high'] },
      { action: 'send_email', template: 'day0-checkin', category: 'retention', tiers: ['low', 'medium'] },
      {
        action: 'send_email',
        template: 'day3-roi',
        category: 'retention',
        delay: { amount: 3, unit: 'days' },
      },
      {
        action: 'send_email',
        template: 'day7-optimization-session',
        category: 'retention',
        delay: { amount: 4, unit: 'days' },
      },
    ],
    exit: [{ on: 'reply' }, { on: 'unsubscribe' }, { on: 'bounce' }],
    delivery: { sendWindow: '09:00-17:00', sendDays: ['mon', 'tue', 'wed', 'thu', 'fri'] },
    frequency_caps: extra.frequency_caps ?? [],
  });
  return resolveWorkflow(parsed, 'retention.yaml', 'retention', ['hubspot']);
}

export const ALICE: EntityRef = { type: 'contact', id: 'c-alice' };

export function mediumContext(
  entity: EntityRef,
  overrides: Partial<EntityContextInput> = {},
  scoredAt = '2026-03-02T00:00:00.000Z',
): EntityContextInput {
  return {
    entity,
    scores: { churn_risk: { value: 55, tier: 'medium', previousTier: 'low', scoredAt } },
    record: { account: { status: 'active' } },
    email: `${entity.id}@example.com`,
    timeZone: 'America/New_York',
    ...overrides,
  };
}

export function outboxRows(store: SqliteCanonicalStore) {
  return store.database
    .prepare('SELECT idempotency_key, kind, payload, created_at FROM outbox ORDER BY id')
    .all() as Array<{ idempotency_key: string; kind: string; payload: string; created_at: string }>;
}

export function enrollmentRows(store: SqliteCanonicalStore) {
  return store.database.prepare('SELECT * FROM enrollments ORDER BY id').all() as Array<{
    id: number;
    state: string;
    exit_reason: string | null;
    next_step_index: number;
    next_step_at: string | null;
  }>;
}

/** A workflow from a plain object as a YAML file would hold it, with every default filled in. */
export function defineWorkflow(
  file: Record<string, unknown>,
  crmConnectors = ['hubspot'],
): WorkflowDefinition {
  const parsed = workflowFileSchema().parse(file);
  const name = typeof file.name === 'string' ? file.name : 'workflow';
  return resolveWorkflow(parsed, `${name}.yaml`, name, crmConnectors);
}
