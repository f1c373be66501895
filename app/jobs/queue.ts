import { PgBoss } from 'pg-boss';
import type { JobKind, JobsConfig } from '../config/jobs.ts';
import { JOB_KINDS } from '../config/jobs.ts';
import type { StoreConfig } from '../config/store.ts';
import { JOB_DEFINITIONS } from './definitions.ts';
import { jobId } from './job-id.ts';
import type { Period } from './job-kind.ts';

/** pg-boss's tables live in their own schema of the store database. */
export const QUEUE_SCHEMA = 'pgboss';

export class JobQueueUnavailableError extends Error {
  constructor(command: string) {
    super(
      `${command} needs the shared Postgres store (store.type: postgres, store.url: \${DATABASE_URL}); ` +
        'with the embedded SQLite store run `scorebridge schedule`, which runs every job in its own process',
    );
    this.name = 'JobQueueUnavailableError';
  }
}

/** A payload before validation: the kind's own fields and the period it belongs to. */
export type JobPayload = { readonly period: Period } & Record<string, unknown>;

export interface JobQueue {
  readonly boss: PgBoss;
  readonly jobs: JobsConfig;
  /**
   * Adds a job unless one with the same kind, key and period exists already (another scheduler
   * enqueued it). True when this call added it.
   */
  enqueue(kind: JobKind, payload: JobPayload): Promise<boolean>;
  /**
   * Adds a follow-up job (publish after scoring); while one with the same key still waits, it
   * already covers this request and none is added.
   */
  follow(kind: JobKind, payload: JobPayload): Promise<boolean>;
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

export interface QueueOptions {
  /** Start pg-boss's maintenance: expiring lapsed leases, retries, deleting old jobs. Workers do. */
  readonly supervise: boolean;
}

/**
 * singleton: one job per key runs at a time, the others wait (a stream, a model, a tick, a
 * connector's write-back, the outbox drain); any number may wait or wait to retry.
 * stately: besides, one waiting job per key is enough (a publish queued after each model scored
 * collapses into the one still waiting). It also allows one job per key waiting to retry, so a
 * second failed job of that key is failed outright instead of retried: only publish, whose jobs
 * are interchangeable, takes that trade.
 */
const QUEUE_POLICY: Record<JobKind, 'singleton' | 'stately'> = {
  sync: 'singleton',
  score: 'singleton',
  writeback: 'singleton',
  publish: 'stately',
  workflows: 'singleton',
  outbox: 'singleton',
};

/** Lease and retries of one kind, from the config's defaults and the kind's own settings. */
export function queuePolicy(jobs: JobsConfig, kind: JobKind) {
  const own = jobs.kinds[kind];
  return {
    heartbeatSeconds: own.leaseSeconds ?? jobs.leaseSeconds,
    expireInSeconds: own.maxRunMinutes * 60,
    retryLimit: own.retryLimit ?? jobs.retryLimit,
    retryDelay: jobs.retryDelaySeconds,
    // pg-boss takes a longest wait only together with backoff.
    ...(jobs.retryDelaySeconds > 0 ? { retryBackoff: true, retryDelayMax: jobs.retryDelayMaxSeconds } : {}),
  };
}

/**
 * Connects to the queue in the store database and makes sure every kind's queue exists with the
 * config's lease and retries. pg-boss installs or migrates its schema on start under an advisory
 * lock, so any number of processes may start at once.
 */
export async function openJobQueue(
  store: StoreConfig,
  jobs: JobsConfig,
  options: QueueOptions,
  command = 'this command',
): Promise<JobQueue> {
  if (store.type !== 'postgres' || !store.url) throw new JobQueueUnavailableError(command);
  // Lapsed leases are looked for every half of the shortest lease, so a dead worker's job waits
  // at most one and a half leases before another worker takes it over.
  const sweepSeconds = Math.max(
    1,
    Math.floor(Math.min(...JOB_KINDS.map((kind) => queuePolicy(jobs, kind).heartbeatSeconds)) / 2),
  );
  const boss = new PgBoss({
    connectionString: store.url.reveal(),
    schema: QUEUE_SCHEMA,
    max: store.pool.max,
    connectionTimeoutMillis: store.pool.connectionTimeoutMs,
    supervise: options.supervise,
    schedule: false,
    ...(options.supervise
      ? { superviseIntervalSeconds: sweepSeconds, monitorIntervalSeconds: sweepSeconds }
      : {}),
  });
  // pg-boss reports connection trouble as events; without a listener Node would throw them.
  boss.on('error', () => {});
  await boss.start();
  for (const kind of JOB_KINDS) {
    const policy = queuePolicy(jobs, kind);
    const failed = `${kind}_failed`;
    if (!(await boss.getQueue(failed))) await createQueueOnce(boss, failed, {});
    const existing = await boss.getQueue(kind);
    if (existing) await boss.updateQueue(kind, { ...policy, deadLetter: failed });
    else await createQueueOnce(boss, kind, { ...policy, policy: QUEUE_POLICY[kind], deadLetter: failed });
  }
  return {
    boss,
    jobs,
    async enqueue(kind, payload) {
      const definition = JOB_DEFINITIONS[kind];
      const data = definition.payload.parse(payload) as { period: Period };
      const key = definition.singletonKey(data);
      return (await boss.send(kind, data, { id: jobId(kind, key, data.period), singletonKey: key })) !== null;
    },
    async follow(kind, payload) {
      const definition = JOB_DEFINITIONS[kind];
      const data = definition.payload.parse(payload) as { period: Period };
      return (await boss.send(kind, data, { singletonKey: definition.singletonKey(data) })) !== null;
    },
    async stop(stopOptions = {}) {
      await boss.stop({ graceful: stopOptions.graceful ?? true, timeout: stopOptions.timeoutMs ?? 30_000 });
    },
  };
}

/** Two processes may create the same queue at once; the one that loses finds it made. */
async function createQueueOnce(boss: PgBoss, name: string, options: Parameters<PgBoss['createQueue']>[1]) {
  try {
    await boss.createQueue(name, options);
  } catch (error) {
    if (!(await boss.getQueue(name))) throw error;
  }
}
