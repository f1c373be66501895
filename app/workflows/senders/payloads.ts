import { z } from 'zod';

/** Outbox payloads as the engine writes them (workflows/engine/step-action.ts); checked before use. */
const common = {
  workflow: z.string().min(1),
  entity: z.object({ type: z.enum(['contact', 'account']), id: z.string().min(1) }),
  enrollmentId: z.number().int(),
  stepIndex: z.number().int().min(0),
};

export const emailPayloadSchema = z.object({
  ...common,
  to: z.string().min(1),
  templates: z.string().min(1),
  template: z.string().min(1),
  category: z.string().min(1),
  tier: z.string().nullable().optional(),
  /** The as-of of the scores the step acted on; the email's numbers are counted up to it. */
  asOf: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type EmailPayload = z.output<typeof emailPayloadSchema>;

export const crmWritePayloadSchema = z.object({
  ...common,
  connector: z.string().min(1),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

export const taskPayloadSchema = z.object({
  ...common,
  connector: z.string().min(1),
  subject: z.string().min(1),
  dueIn: z.object({ amount: z.number(), unit: z.string() }),
  priority: z.enum(['low', 'normal', 'high']),
  assignTo: z.enum(['owner', 'csm']),
  ownerId: z.string().min(1).optional(),
});

export const webhookPayloadSchema = z.object({
  ...common,
  url: z.string().optional(),
  method: z.enum(['POST', 'PUT', 'PATCH']).optional(),
  body: z.record(z.string(), z.unknown()).optional(),
  notify: z.object({ workflow: z.string(), stepIndex: z.number().int() }).optional(),
  text: z.string().optional(),
});

/** A payload that does not parse is a bug or a hand-edited row: fail it for good, naming the row. */
export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown, rowId: number): T | string {
  const parsed = schema.safeParse(payload);
  return parsed.success
    ? parsed.data
    : `outbox row ${rowId} payload is invalid: ${z.prettifyError(parsed.error)}`;
}
