import { z } from 'zod';

import { JOB_KINDS, type JobKind } from '../jobs/kinds.ts';

export { JOB_KINDS, type JobKind };

/** Lease and run time per kind: a sync of a big stream runs for long, an outbox drain for seconds. */
const DEFAULT_MAX_RUN_MINUTES: Record<JobKind, number> = {
  sync: 240,
  score: 120,
  writeback: 60,
  publish: 60,
  workflows: 30,
  outbox: 15,
};

function kindSchema(kind: JobKind) {
  return z
    .strictObject({
      leaseSeconds: z
        .number()
        .int()
        .min(10)
        .max(3600)
        .optional()
        .describe(
          'How long a job stays claimed without a heartbeat from its worker. A worker that dies (even killed outright) loses its job after this long and another worker takes it over. At least 10.',
        ),
      maxRunMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .default(DEFAULT_MAX_RUN_MINUTES[kind])
        .describe('A job running longer than this is stopped and retried, even while its worker is alive.'),
      retryLimit: z
        .number()
        .int()
        .min(0)
        .max(100)
        .optional()
        .describe('Retries after a failure (default: jobs.retryLimit).'),
    })
    .prefault({});
}

const kindsSchema = z
  .strictObject(
    Object.fromEntries(JOB_KINDS.map((kind) => [kind, kindSchema(kind)])) as {
      [K in JobKind]: ReturnType<typeof kindSchema>;
    },
  )
  .prefault({});

export const jobsSchema = z
  .strictObject({
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(2)
      .describe(
        'Jobs of each kind one `scorebridge worker` process runs at once (--concurrency overrides it).',
      ),
    leaseSeconds: z
      .number()
      .int()
      .min(10)
      .max(3600)
      .default(60)
      .describe(
        "How long a job stays claimed without its worker's heartbeat (sent every half lease). After it lapses, another worker takes the job over.",
      ),
    retryLimit: z
      .number()
      .int()
      .min(0)
      .max(100)
      .default(3)
      .describe('How many times a failed or abandoned job is tried again before it is reported failed.'),
    retryDelaySeconds: z
      .number()
      .int()
      .min(0)
      .max(3600)
      .default(30)
      .describe('Wait before the first retry; each further retry waits about twice as long.'),
    retryDelayMaxSeconds: z
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(1800)
      .describe('The longest wait between two retries.'),
    workflowPartitions: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(1)
      .describe(
        'Slices each workflow tick is split into (by a stable hash of the entity): that many tick jobs run at once on different workers. Changing it makes the next tick re-check entry for every scored entity once.',
      ),
    kinds: kindsSchema.describe('Per kind of job: lease, longest run and retries.'),
  })
  .prefault({})
  .describe(
    'The job queue (store.type postgres only): `scorebridge schedule` enqueues, any number of `scorebridge worker` processes run the jobs.',
  );

export type JobsConfig = z.output<typeof jobsSchema>;
