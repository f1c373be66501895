import { z } from 'zod';
import { secretRef } from '../../core/config/index.ts';

/** `server:` in scorebridge.yaml: how `scorebridge serve` listens and what it trusts. */
export const serverSchema = z
  .strictObject({
    host: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('Interface to listen on; 0.0.0.0 for every interface.'),
    port: z.number().int().min(0).max(65535).default(8080),
    publicUrl: z
      .url()
      .optional()
      .describe('https address the public reaches this server at (unsubscribe links, webhook URLs).'),
    bodyLimit: z.string().default('100kb').describe('Largest request body accepted (express size syntax).'),
    rateLimit: z
      .strictObject({
        perMinute: z.number().int().positive().default(6000).describe('Requests per API key per minute.'),
      })
      .prefault({}),
    session: z
      .strictObject({
        idleMinutes: z
          .number()
          .int()
          .min(5)
          .max(10_080)
          .default(480)
          .describe('A dashboard sign-in ends after this many minutes without a page view.'),
        maxHours: z
          .number()
          .int()
          .min(1)
          .max(720)
          .default(168)
          .describe('A dashboard sign-in ends this many hours after it began, however active.'),
      })
      .prefault({})
      .describe('Dashboard sessions: the browser keeps a random session id, never the API key.'),
    cors: z
      .strictObject({
        origins: z
          .array(z.url())
          .default(() => [])
          .describe('Browser origins allowed to call the API; none by default.'),
      })
      .prefault({}),
    webhooks: z
      .strictObject({
        hubspot: z
          .strictObject({
            // The HubSpot app client secret that signs webhook requests (v3). No .describe() on a
            // secret: it would drop the marker the loader relies on.
            clientSecret: secretRef(),
            connector: z.string().min(1).describe('HubSpot connector whose records the webhook changes.'),
          })
          .optional(),
        salesforce: z
          .strictObject({
            // Shared secret of the X-Scorebridge-Signature HMAC on Salesforce change notifications.
            secret: secretRef(),
            connector: z
              .string()
              .min(1)
              .describe('Salesforce connector whose records the notification changes.'),
          })
          .optional(),
      })
      .prefault({}),
    workers: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(1)
      .describe(
        'HTTP worker processes sharing the port (node:cluster), each with its own store connection; one per core serves the most requests.',
      ),
    engine: z
      .boolean()
      .default(false)
      .describe('Also run the workflow engine on schedules.workflows inside the server process.'),
  })
  .prefault({})
  .describe('`scorebridge serve`: the HTTP API, webhooks, unsubscribe, metrics and the dashboard.');

export type ServerConfig = z.output<typeof serverSchema>;
