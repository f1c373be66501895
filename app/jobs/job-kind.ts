import type { z } from 'zod';
import type { JobKind } from '../config/jobs.ts';

/**
 * One kind of job: its queue, the payload it carries (validated when enqueued and again when a
 * worker picks it up), the key under which at most one runs at a time, and how it reads in words.
 */
export interface JobDefinition<Payload> {
  readonly kind: JobKind;
  readonly payload: z.ZodType<Payload>;
  /** Jobs with the same key never run at the same time (the queue's singleton policy). */
  singletonKey(payload: Payload): string;
  /** "sync hubspot.contacts", "score lead", for people reading `scorebridge jobs` and logs. */
  describe(payload: Payload): string;
}

/** When a scheduled period began (ISO-8601 UTC); with the kind and key it makes the job's id. */
export type Period = string;
