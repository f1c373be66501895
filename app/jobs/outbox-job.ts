import { z } from 'zod';
import type { JobDefinition } from './job-kind.ts';

export const outboxPayload = z.strictObject({ period: z.string() });
export type OutboxPayload = z.output<typeof outboxPayload>;

/** Delivers what the outbox holds that is due (emails, CRM tasks), each row once under its key. */
export const outboxJob: JobDefinition<OutboxPayload> = {
  kind: 'outbox',
  payload: outboxPayload,
  singletonKey: () => 'relay',
  describe: () => 'deliver the outbox',
};
