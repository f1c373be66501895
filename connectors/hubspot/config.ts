import { z } from 'zod';
import { configRelativePath, secretRef } from '../../core/config/secret-ref.ts';
import { hubspotPlans } from './plan-limits.ts';

export const hubspotStreamNames = ['companies', 'contacts', 'deals', 'engagements'] as const;
export const hubspotEngagementTypes = ['emails', 'meetings', 'calls', 'tasks', 'notes'] as const;

const propertyName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'HubSpot property names are lower-case letters, digits and "_"');

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const hubspotConnectorConfigSchema = z
  .strictObject({
    type: z
      .literal('hubspot')
      .describe('Reads contacts, companies, deals and engagements from HubSpot and writes scores back.'),
    // Private app access token, as ${ENV_VAR}. No .describe(): it would clone the schema and hide the secret marker.
    accessToken: secretRef().optional(),
    auth: z
      .strictObject({
        type: z.literal('oauth'),
        clientId: z.string().min(1).describe("The app's client id (its Auth settings in HubSpot)."),
        // Secret fields stay undecorated: describe() would hide them from the ${VAR} JSON Schema rule.
        clientSecret: secretRef(),
        refreshToken: secretRef(),
      })
      .optional()
      .describe(
        'An OAuth app instead of a private-app token: clientSecret and the refresh token of the install, as environment ' +
          'variable references. Access tokens (30 minutes) are obtained and renewed automatically.',
      ),
    baseUrl: z
      .url()
      .optional()
      .describe(
        'API base URL (default https://api.hubapi.com); point it at the HubSpot emulator for a sandbox.',
      ),
    portalId: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'Your HubSpot account id (Hub ID, under Account & billing); the dashboard links each record to it in HubSpot.',
      ),
    appUrl: z
      .url()
      .optional()
      .describe(
        'Where people open HubSpot (default https://app.hubspot.com; https://app-eu1.hubspot.com for EU accounts).',
      ),
    plan: z
      .enum(hubspotPlans)
      .default('free')
      .describe(
        'Subscription tier, which sets the API limits: free/starter 100 per 10 s, professional/enterprise 190.',
      ),
    limits: z
      .strictObject({
        perTenSeconds: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .optional()
          .describe('Requests per rolling 10 s (overrides the plan).'),
        daily: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe('Requests per day for the account (overrides the plan).'),
        searchPerSecond: z
          .number()
          .int()
          .min(1)
          .max(50)
          .optional()
          .describe('CRM search requests per second (default 5).'),
        concurrency: z
          .number()
          .int()
          .min(1)
          .max(64)
          .optional()
          .describe('Requests in flight at once (default: a tenth of perTenSeconds).'),
        dailyReserve: z
          .number()
          .min(0)
          .max(0.9)
          .optional()
          .describe('Share of the daily quota left untouched for other integrations (default 0.1).'),
        accountTimeZone: z
          .string()
          .refine(isTimeZone, { message: 'unknown IANA time zone (e.g. "UTC", "America/New_York")' })
          .optional()
          .describe("The HubSpot account's time zone; its midnight resets the daily quota (default UTC)."),
      })
      .optional(),
    streams: z
      .array(z.enum(hubspotStreamNames))
      .min(1)
      .optional()
      .describe('Streams to sync (default all: companies, contacts, deals, engagements).'),
    engagementTypes: z
      .array(z.enum(hubspotEngagementTypes))
      .min(1)
      .optional()
      .describe('Engagement objects read into events (default all five).'),
    properties: z
      .strictObject({
        contacts: z.array(propertyName).optional(),
        companies: z.array(propertyName).optional(),
        deals: z.array(propertyName).optional(),
      })
      .optional()
      .describe('Extra HubSpot properties kept on the records as `properties`.'),
    companyCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code in capitals, e.g. "EUR"')
      .optional()
      .describe(
        "Your account's company currency (Settings > Account defaults > Currency). Deal amounts are read in it " +
          '(amount_in_home_currency); default: asked from HubSpot once per sync.',
      ),
    accountFields: z
      .strictObject({
        plan: propertyName.optional(),
        mrr: propertyName.optional(),
        status: propertyName.optional(),
        churnedAt: propertyName.optional(),
      })
      .optional()
      .describe('Custom company properties that hold the plan, MRR, customer status and churn date.'),
    lookbackMinutes: z
      .number()
      .int()
      .min(0)
      .max(1440)
      .optional()
      .describe(
        'Incremental windows re-read this many minutes before the last one ended (search index lag; default 10).',
      ),
    requestTimeoutMs: z
      .number()
      .int()
      .min(1000)
      .max(300_000)
      .optional()
      .describe('Give up on one request after this long (default 30000).'),
    writeBack: z
      .strictObject({
        propertyGroup: propertyName
          .optional()
          .describe('Property group that holds the score fields (default "scorebridge").'),
        groupLabel: z.string().min(1).optional(),
        stateFile: configRelativePath()
          .optional()
          .describe(
            'SQLite file remembering the values last written (unchanged scores are not re-sent across runs) ' +
              'and the tasks created (a replay after a crash finds them).',
          ),
      })
      .optional(),
  })
  .superRefine((config, ctx) => {
    if ((config.accessToken === undefined) === (config.auth === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: config.accessToken === undefined ? ['accessToken'] : ['auth'],
        message:
          config.accessToken === undefined
            ? 'set accessToken (a private-app token, as an environment variable reference) or auth (an OAuth app)'
            : 'set either accessToken or auth, not both',
      });
    }
  })
  .describe('HubSpot CRM connector');

export type HubspotConnectorConfig = z.infer<typeof hubspotConnectorConfigSchema>;
export type HubspotConnectorConfigInput = z.input<typeof hubspotConnectorConfigSchema>;
