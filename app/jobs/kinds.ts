/** The kinds of work a worker runs; each is a queue of its own. Kept free of imports: `--help` reads it. */
export const JOB_KINDS = ['sync', 'score', 'writeback', 'publish', 'workflows', 'outbox'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
