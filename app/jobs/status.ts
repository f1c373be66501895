import type { JobKind } from '../config/jobs.ts';
import { JOB_KINDS } from '../config/jobs.ts';
import { JOB_DEFINITIONS } from './definitions.ts';
import { QUEUE_SCHEMA } from './queue.ts';

export interface KindStatus {
  readonly kind: JobKind;
  /** Due now and not started. */
  readonly waiting: number;
  /** Waiting for a retry's backoff or a later start. */
  readonly deferred: number;
  readonly running: number;
  /** Completed in the last 24 hours. */
  readonly completedDay: number;
  /** Failed for good (out of retries) in the last 24 hours. */
  readonly failedDay: number;
  /** Seconds the oldest job due now has waited; null when none waits. */
  readonly oldestWaitingSeconds: number | null;
}

export interface RunningJob {
  readonly job: string;
  readonly attempt: number;
  readonly runningSeconds: number;
  /** Seconds since its worker's last heartbeat; past the lease another worker takes it over. */
  readonly heartbeatAgeSeconds: number | null;
  readonly leaseSeconds: number | null;
}

export interface FailedJob {
  readonly job: string;
  readonly failedAt: string;
  readonly attempts: number;
  readonly error: string;
}

export interface JobsStatus {
  readonly kinds: readonly KindStatus[];
  readonly running: readonly RunningJob[];
  readonly failed: readonly FailedJob[];
}

/** One parameterised query on the store database. */
export type StatusSql = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

function describe(kind: string, data: unknown): string {
  const definition = JOB_DEFINITIONS[kind as JobKind];
  const parsed = definition?.payload.safeParse(data);
  return parsed?.success ? definition.describe(parsed.data) : kind;
}

function errorWords(output: unknown): string {
  const value = (output as { message?: unknown; value?: { message?: unknown } } | null) ?? null;
  const message = value?.message ?? value?.value?.message;
  if (message === 'job heartbeat timeout') return 'its worker stopped answering (lease lapsed) on every try';
  if (message === 'job timed out') return 'ran longer than its kind allows (jobs.kinds.<kind>.maxRunMinutes)';
  return typeof message === 'string' ? message.split('\n')[0]!.slice(0, 200) : 'no error message recorded';
}

/** The queue as people ask about it: how much waits, what runs, what failed lately and why. */
export async function readJobsStatus(sql: StatusSql, now: Date): Promise<JobsStatus> {
  const job = `${QUEUE_SCHEMA}.job`;
  const counts = await sql(
    `SELECT name,
       count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after <= $1) AS waiting,
       count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after > $1) AS deferred,
       count(*) FILTER (WHERE state = 'active') AS running,
       count(*) FILTER (WHERE state = 'completed' AND completed_on > $1::timestamptz - interval '1 day') AS completed_day,
       count(*) FILTER (WHERE state = 'failed' AND completed_on > $1::timestamptz - interval '1 day') AS failed_day,
       min(created_on) FILTER (WHERE state IN ('created', 'retry') AND start_after <= $1) AS oldest
     FROM ${job} WHERE name = ANY($2) GROUP BY name`,
    [now, [...JOB_KINDS]],
  );
  const byKind = new Map(counts.rows.map((row) => [String(row.name), row]));
  const kinds = JOB_KINDS.map((kind): KindStatus => {
    const row = byKind.get(kind);
    const oldest = row?.oldest ? new Date(row.oldest as string) : null;
    return {
      kind,
      waiting: Number(row?.waiting ?? 0),
      deferred: Number(row?.deferred ?? 0),
      running: Number(row?.running ?? 0),
      completedDay: Number(row?.completed_day ?? 0),
      failedDay: Number(row?.failed_day ?? 0),
      oldestWaitingSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : null,
    };
  });
  const running = await sql(
    `SELECT name, data, retry_count, started_on, heartbeat_on, heartbeat_seconds FROM ${job}
     WHERE name = ANY($1) AND state = 'active' ORDER BY started_on LIMIT 50`,
    [[...JOB_KINDS]],
  );
  const failed = await sql(
    `SELECT name, data, retry_count, completed_on, output FROM ${job}
     WHERE name = ANY($1) AND state = 'failed' ORDER BY completed_on DESC LIMIT 10`,
    [[...JOB_KINDS]],
  );
  const seconds = (at: unknown) => (now.getTime() - new Date(at as string).getTime()) / 1000;
  return {
    kinds,
    running: running.rows.map((row) => ({
      job: describe(String(row.name), row.data),
      attempt: Number(row.retry_count) + 1,
      runningSeconds: seconds(row.started_on),
      heartbeatAgeSeconds: row.heartbeat_on ? seconds(row.heartbeat_on) : null,
      leaseSeconds: row.heartbeat_seconds === null ? null : Number(row.heartbeat_seconds),
    })),
    failed: failed.rows.map((row) => ({
      job: describe(String(row.name), row.data),
      failedAt: new Date(row.completed_on as string).toISOString(),
      attempts: Number(row.retry_count) + 1,
      error: errorWords(row.output),
    })),
  };
}
