import { z } from 'zod';
import type { JobDefinition } from './job-kind.ts';

export const syncPayload = z.strictObject({
  /** `connector.stream`, as `scorebridge sync --stream` names it. */
  stream: z.string().regex(/^[^.]+\..+$/, 'a stream as connector.stream, e.g. hubspot.contacts'),
  full: z.boolean().default(false),
  period: z.string(),
});
export type SyncPayload = z.output<typeof syncPayload>;

/** One stream from its committed cursor; a stream is synced by at most one worker at a time. */
export const syncJob: JobDefinition<SyncPayload> = {
  kind: 'sync',
  payload: syncPayload,
  singletonKey: (payload) => payload.stream,
  describe: (payload) => `sync ${payload.stream}${payload.full ? ' (full)' : ''}`,
};
