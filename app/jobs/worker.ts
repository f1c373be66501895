import type { Job } from 'pg-boss';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { JobKind } from '../config/jobs.ts';
import { JOB_DEFINITIONS } from './definitions.ts';
import type { JobMetrics } from './metrics.ts';
import type { JobQueue } from './queue.ts';

/** What a job did, in words; it is stored as the job's output and shown by `scorebridge jobs`. */
export type JobHandler = (payload: never, context: { signal: AbortSignal }) => Promise<string>;
export type JobHandlers = { readonly [K in JobKind]: JobHandler };

export interface WorkerOptions {
  readonly queue: JobQueue;
  readonly handlers: JobHandlers;
  readonly kinds: readonly JobKind[];
  readonly concurrency: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: JobMetrics;
  readonly pollingIntervalSeconds?: number;
}

/**
 * Takes jobs of the given kinds. pg-boss heartbeats each running job (every half lease), so a
 * worker that dies loses its jobs after one lease and another worker takes them over.
 */
export async function startWorker(options: WorkerOptions): Promise<void> {
  for (const kind of options.kinds) {
    const definition = JOB_DEFINITIONS[kind];
    await options.queue.boss.work(
      kind,
      {
        localConcurrency: options.concurrency,
        batchSize: 1,
        includeMetadata: true,
        ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
      },
      async (jobs) => {
        const [job] = jobs;
        if (!job) return undefined;
        return runOne(
          options,
          kind,
          job as Job<unknown> & { createdOn: Date; retryCount: number },
          definition,
        );
      },
    );
  }
}

/** A job as fetched with its metadata: when it was created, its attempt, the last attempt's output. */
type StartedJob = Job<unknown> & { createdOn: Date; retryCount: number; output?: unknown };

/** pg-boss leaves its reason on a job it took back from an attempt: a lapsed lease or a timeout. */
function previousEnd(output: unknown): 'lease lapsed' | 'timed out' | undefined {
  const message = (output as { value?: { message?: unknown } } | null | undefined)?.value?.message;
  if (message === 'job heartbeat timeout') return 'lease lapsed';
  if (message === 'job timed out') return 'timed out';
  return undefined;
}

async function runOne(
  options: WorkerOptions,
  kind: JobKind,
  job: StartedJob,
  definition: (typeof JOB_DEFINITIONS)[JobKind],
): Promise<{ summary: string }> {
  const started = options.clock.now();
  options.metrics?.started(
    kind,
    (started.getTime() - job.createdOn.getTime()) / 1000,
    job.retryCount,
    previousEnd(job.output),
  );
  const parsed = definition.payload.safeParse(job.data);
  if (!parsed.success) {
    options.metrics?.finished(kind, 0, 'failed');
    throw new Error(
      `${kind} job ${job.id} carries a payload this version cannot read: ${parsed.error.issues[0]?.message}`,
    );
  }
  const words = definition.describe(parsed.data);
  options.logger.info({ job: words, attempt: job.retryCount + 1 }, 'job started');
  try {
    const summary = await options.handlers[kind](parsed.data as never, { signal: job.signal });
    const seconds = (options.clock.now().getTime() - started.getTime()) / 1000;
    options.metrics?.finished(kind, seconds, 'completed');
    options.logger.info({ job: words, seconds, summary }, 'job finished');
    return { summary };
  } catch (error) {
    const seconds = (options.clock.now().getTime() - started.getTime()) / 1000;
    options.metrics?.finished(kind, seconds, 'failed');
    options.logger.error({ job: words, seconds, error: (error as Error).message }, 'job failed');
    throw error;
  }
}
