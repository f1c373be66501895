import { z } from 'zod';
import { eventTypeSchema, WELL_KNOWN_EVENT_TYPES } from '../../core/schema/event.ts';
import { isoTextProblem } from '../../core/schema/iso-text.ts';

/**
 * Request and response shapes of the HTTP API. Timestamps are plain strings checked with a refine
 * (not transforms) so that every schema converts to JSON Schema for /openapi.json.
 */
const instant = z
  .string()
  .superRefine((value, ctx) => {
    // Checked field by field: Date.parse would roll 2026-02-30 over to March 2 without a word.
    const problem = isoTextProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ format: 'date-time' });
const text = z.string().trim().min(1).max(1000);
const properties = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export const entityRefSchema = z.strictObject({
  type: z.enum(['contact', 'account']),
  id: z.string().min(1).max(200),
});

export const contactPayloadSchema = z.strictObject({
  id: text.optional().describe('Echoed back; the contact need not exist in the store.'),
  email: z.email().optional(),
  title: text.optional(),
  role: text.optional(),
  country: text.optional(),
  city: text.optional(),
  timezone: text.optional(),
  lifecycleStage: text.optional(),
  emailOptIn: z.boolean().optional(),
  createdAt: instant
    .optional()
    .describe('When the person was created; default: the as-of instant minus one day.'),
  properties: properties.optional(),
});

export const accountPayloadSchema = z.strictObject({
  id: text.optional(),
  name: text.optional(),
  domain: text.optional(),
  industry: text.optional(),
  employees: z.number().int().nonnegative().optional(),
  annualRevenue: z.number().nonnegative().optional(),
  plan: text.optional(),
  mrr: z.number().nonnegative().optional(),
  currency: z.string().length(3).optional(),
  country: text.optional(),
  status: z.enum(['prospect', 'trial', 'active', 'churned']).optional(),
  churnedAt: instant.optional(),
  createdAt: instant.optional(),
  properties: properties.optional(),
});

export const eventPayloadSchema = z.strictObject({
  type: eventTypeSchema
    .meta({ examples: ['login', 'report_exported'] })
    .describe(
      `The event's name, as stored: any name. Built-in features read the well-known names ` +
        `(${WELL_KNOWN_EVENT_TYPES.join(', ')}) and those scoring.events.aliases maps onto them.`,
    ),
  occurredAt: instant,
  value: z.number().finite().optional(),
  person: z
    .string()
    .min(1)
    .max(200)
    .nullable()
    .optional()
    .describe(
      'Who did it: default the payload contact; another id for a colleague at the account; null for nobody.',
    ),
  properties: properties.optional(),
});

export const dealPayloadSchema = z.strictObject({
  status: z.enum(['open', 'won', 'lost']),
  amount: z.number().finite().nonnegative().optional(),
  stage: text.optional(),
  createdAt: instant,
  closedAt: instant.optional(),
  /** The contact's own deal, or only the account's; default the contact's when there is one. */
  subject: z.enum(['contact', 'account']).optional(),
});

export const scoreByIdSchema = z.strictObject({
  entity: entityRefSchema,
  asOf: instant.optional().describe('Features from data before this instant; default now.'),
});

export const scorePayloadSchema = z
  .strictObject({
    contact: contactPayloadSchema.optional(),
    account: accountPayloadSchema.optional(),
    events: z.array(eventPayloadSchema).max(10_000).optional(),
    deals: z.array(dealPayloadSchema).max(1000).optional(),
    asOf: instant.optional().describe('Features from data before this instant; default now.'),
  })
  .refine((body) => body.contact !== undefined || body.account !== undefined, {
    message: 'give entity {type, id} for a stored record, or a contact and/or account payload',
    path: ['contact'],
  });

/** For the OpenAPI document; the route picks one of the two by the presence of `entity`. */
export const scoreRequestSchema = z.union([scoreByIdSchema, scorePayloadSchema]);
export type ScorePayload = z.output<typeof scorePayloadSchema>;

const reasonSchema = z.object({
  feature: z.string(),
  direction: z.enum(['up', 'down']),
  points: z.number(),
  text: z.string(),
});

export const entityScoreSchema = z.object({
  model: z.string(),
  kind: z.enum(['lead', 'churn', 'ltv', 'nba']),
  version: z.string(),
  probability: z.number().nullable(),
  value: z.number(),
  tier: z.enum(['low', 'medium', 'high']),
  reasons: z.array(reasonSchema),
  amount: z.number().nullable(),
  action: z.string().nullable(),
});

export const scoreResponseSchema = z.object({
  entity: z.object({ type: z.enum(['contact', 'account']), id: z.string().nullable() }),
  asOf: z.string(),
  scores: z.array(entityScoreSchema),
  skipped: z.array(z.object({ model: z.string(), reason: z.string() })),
});

export const storedScoreSchema = z.object({
  model: z.string(),
  kind: z.string(),
  modelVersion: z.string(),
  probability: z.number().nullable(),
  value: z.number(),
  tier: z.string(),
  reasons: z.array(reasonSchema),
  amount: z.number().nullable().optional(),
  action: z.string().nullable().optional(),
  computedAt: z.string(),
});

export const entityScoresResponseSchema = z.object({
  entity: z.object({ type: z.enum(['contact', 'account']), id: z.string() }),
  current: z.array(storedScoreSchema),
  history: z.array(storedScoreSchema),
});

export const historyQuerySchema = z.strictObject({
  model: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

export const modelsResponseSchema = z.object({
  models: z.array(
    z.object({
      name: z.string(),
      kind: z.string(),
      entity: z.string(),
      promoted: z.number().nullable(),
      versions: z.array(
        z.object({
          version: z.number(),
          status: z.string(),
          trainedAt: z.string(),
          asOf: z.string(),
          promotionReason: z.string().nullable(),
          metrics: z.unknown(),
        }),
      ),
    }),
  ),
});

export const planRequestSchema = z.strictObject({
  entity: z.string().min(1).max(300).optional().describe('Only this entity: an id or "type:id".'),
  asOf: instant.optional().describe('Plan as of this instant; default now.'),
});

export const planResponseSchema = z.object({
  workflow: z.string(),
  asOf: z.string(),
  entries: z.array(z.unknown()),
});

export const errorSchema = z.object({
  error: z.string().describe('Machine-readable code, e.g. invalid_request, unauthorized, rate_limited.'),
  message: z.string(),
  field: z.string().optional().describe('The request field at fault, e.g. "entity.type".'),
});
