// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax for secrets, not a template.
import { z } from 'zod';
import { secretRef } from '../../core/config/secret-ref.ts';
import { customizableFields, type SalesforceStreamName, salesforceStreamNames } from './streams.ts';

/** Salesforce API names: letters, digits and single underscores, custom ones ending in __c. */
/** Spring '26: served by every production org since February 2026 (Winter '27 is v68.0). */
export const DEFAULT_API_VERSION = '66.0';

export const SALESFORCE_FIELD = /^[A-Za-z][A-Za-z0-9_]*$/;
const fieldName = z
  .string()
  .regex(SALESFORCE_FIELD, 'a Salesforce field API name, like "Email" or "Plan__c"');

const streamSettingsSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Read this stream (default true).'),
    fields: z
      .record(z.string(), fieldName)
      .optional()
      .describe('Canonical field -> Salesforce field, e.g. {role: Buying_Role__c, plan: Plan__c}.'),
    properties: z
      .array(fieldName)
      .optional()
      .describe(
        'Extra Salesforce fields kept as properties (custom fields included), e.g. [LeadSource, NPS__c].',
      ),
    valueMaps: z
      .record(z.string(), z.record(z.string(), z.string()))
      .optional()
      .describe(
        'Canonical field -> {Salesforce value: canonical value}, e.g. {status: {"Customer": "active"}}.',
      ),
  })
  .prefault({});

const streamsSchema = z
  .strictObject(
    Object.fromEntries(salesforceStreamNames.map((name) => [name, streamSettingsSchema])) as Record<
      SalesforceStreamName,
      typeof streamSettingsSchema
    >,
  )
  .prefault({})
  .superRefine((streams, ctx) => {
    for (const name of salesforceStreamNames) {
      const allowed = customizableFields(name);
      for (const key of [
        ...Object.keys(streams[name].fields ?? {}),
        ...Object.keys(streams[name].valueMaps ?? {}),
      ]) {
        if (allowed.includes(key)) continue;
        ctx.addIssue({
          code: 'custom',
          path: [name, 'fields', key],
          message: `"${key}" cannot be mapped on the ${name} stream; mappable fields: ${allowed.join(', ') || 'none'}`,
        });
      }
    }
  })
  .describe(
    'Per stream (accounts, contacts, leads, opportunities, tasks, events): on/off, field mapping, extra properties.',
  );

export const salesforceConnectorConfigSchema = z
  .strictObject({
    type: z
      .literal('salesforce')
      .describe('Salesforce CRM through the REST, Bulk 2.0 and Tooling APIs (jsforce).'),
    instanceUrl: z.url().describe('Your org, e.g. https://acme.my.salesforce.com.'),
    loginUrl: z
      .url()
      .default('https://login.salesforce.com')
      .describe(
        'OAuth host: https://login.salesforce.com, https://test.salesforce.com for sandboxes, or My Domain.',
      ),
    apiVersion: z
      .string()
      .regex(/^\d{2,3}\.0$/, 'an API version like "66.0"')
      .default(DEFAULT_API_VERSION)
      .describe(
        `REST API version, pinned and always sent (jsforce would otherwise use 50.0). Any version the org serves ` +
          `(GET /services/data/ lists them); default ${DEFAULT_API_VERSION} (Spring '26).`,
      ),
    auth: z
      .strictObject({
        clientId: z.string().min(1).describe('Consumer key of the connected app.'),
        // Secret fields stay undecorated: describe() would hide them from the ${VAR} JSON Schema rule.
        clientSecret: secretRef(),
        refreshToken: secretRef(),
      })
      .describe(
        'OAuth 2.0 credentials: clientSecret (consumer secret) and refreshToken (integration user, scope "api refresh_token") ' +
          'as ${VAR} references. Access tokens are obtained and renewed automatically.',
      ),
    streams: streamsSchema,
    pageSize: z
      .number()
      .int()
      .min(200)
      .max(2000)
      .default(2000)
      .describe(
        'Records per query page (Sforce-Query-Options batchSize; 200-2000). Each page is one checkpoint.',
      ),
    bulkQuery: z
      .strictObject({
        threshold: z
          .number()
          .int()
          .min(0)
          .default(50_000)
          .describe(
            'A stream with no checkpoint yet and more rows than this (SELECT COUNT() first) is read through Bulk API 2.0 ' +
              'query jobs instead of REST pages of 2,000; 0 always reads through REST.',
          ),
        chunkSize: z
          .number()
          .int()
          .min(1)
          .default(250_000)
          .describe(
            'Rows per Bulk query job: the scan is split into SystemModstamp windows of about this many rows.',
          ),
        pageRecords: z
          .number()
          .int()
          .min(1)
          .default(100_000)
          .describe('Rows per results page of a Bulk query job (maxRecords); each page is one API call.'),
        pollIntervalMs: z.number().int().min(10).default(2000).describe('Wait between job status checks.'),
        pollTimeoutMs: z
          .number()
          .int()
          .min(1000)
          .default(1_800_000)
          .describe('Give up on a query job still running after this long (the next sync resumes).'),
      })
      .prefault({})
      .describe('Bulk API 2.0 for large initial syncs.'),
    currency: z
      .strictObject({
        convert: z
          .boolean()
          .default(true)
          .describe(
            'Multi-currency orgs (records with CurrencyIsoCode): convert opportunity amounts to the corporate currency; ' +
              'the original amount, currency and rate stay as deal properties.',
          ),
        advancedCurrencyManagement: z
          .union([z.boolean(), z.literal('auto')])
          .default('auto')
          .describe(
            "Use dated rates (DatedConversionRate) valid on each deal's close date; 'auto': when the org has dated rates. " +
              'false: the static CurrencyType rates.',
          ),
      })
      .prefault({})
      .describe('Currency conversion of opportunity amounts.'),
    startDate: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Ignore records last modified before this instant on the first sync (ISO 8601).'),
    lookbackSeconds: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .default(0)
      .describe(
        'Re-read this many seconds before the checkpoint on each sync, for orgs with long-running transactions.',
      ),
    ignoreOwnWrites: z
      .boolean()
      .default(true)
      .describe(
        "Incremental syncs of accounts, contacts and leads leave out records the API user changed last (scorebridge's own write-back), so written scores are not read straight back; records a person changed before a write-back are still read. Set false when other tools write with the same API user.",
      ),
    requestTimeoutMs: z
      .number()
      .int()
      .min(100)
      .default(120_000)
      .describe('Abandon a request after this long.'),
    limits: z
      .strictObject({
        concurrency: z
          .number()
          .int()
          .min(1)
          .max(25)
          .default(10)
          .describe('Requests in flight per org (Salesforce allows 25 long-running ones).'),
        dailyApiRequests: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe(
            "The org's DailyApiRequests allowance (Enterprise: 100,000 + 1,000 per licence); learnt from Sforce-Limit-Info when absent.",
          ),
        reserveFraction: z
          .number()
          .min(0)
          .max(0.9)
          .default(0.1)
          .describe(
            'Share of the daily allowance left for other integrations: scorebridge stops before using it.',
          ),
        requestsPerSecond: z
          .number()
          .min(0.1)
          .optional()
          .describe('Optional cap on requests started per second.'),
      })
      .prefault({}),
    retry: z
      .strictObject({
        transientRetries: z
          .number()
          .int()
          .min(0)
          .max(10)
          .default(4)
          .describe('Retries after 5xx, timeouts and network errors.'),
        rateLimitRetries: z
          .number()
          .int()
          .min(0)
          .max(20)
          .default(8)
          .describe('Retries after concurrency rejections.'),
        baseDelayMs: z.number().int().min(0).default(250),
        maxDelayMs: z.number().int().min(0).default(30_000),
      })
      .prefault({}),
    writeBack: z
      .strictObject({
        collectionSize: z
          .number()
          .int()
          .min(1)
          .max(200)
          .default(200)
          .describe('Records per sObject Collections call (at most 200).'),
        bulkThreshold: z
          .number()
          .int()
          .min(1)
          .default(2000)
          .describe(
            'Above this many changed records for one object, write with one Bulk API 2.0 job instead of collections.',
          ),
        bulkPollIntervalMs: z.number().int().min(10).default(2000),
        bulkPollTimeoutMs: z.number().int().min(1000).default(600_000),
        permissionSet: z
          .string()
          .optional()
          .describe(
            'Permission set (API name) assigned to the integration user; new fields get read/edit on it.',
          ),
        taskKeyField: fieldName
          .default('Scorebridge_Key__c')
          .describe('External-id text field on Task that makes task creation idempotent.'),
      })
      .prefault({}),
  })
  .describe('Salesforce connector');

export type SalesforceConnectorConfig = z.output<typeof salesforceConnectorConfigSchema>;
export type SalesforceConnectorConfigInput = z.input<typeof salesforceConnectorConfigSchema>;
export type SalesforceStreamSettings = z.output<typeof streamSettingsSchema>;
