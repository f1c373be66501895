// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax for secrets, not a template.
import { z } from 'zod';
import { secretRef } from '../../core/config/secret-ref.ts';
import { recordKinds } from '../../core/schema/index.ts';
import { DEFAULT_SCORE_TABLES } from '../../core/warehouse/scores-table.ts';
import { canonicalFieldNames } from './fields.ts';

const identifier = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'BigQuery dataset, table and column names here use letters, digits and "_"',
  );

const tablePath = z
  .string()
  .regex(
    /^([a-z][a-z0-9-]{4,28}[a-z0-9]\.)?([A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*$/,
    'table, dataset.table or project.dataset.table',
  );

export const bigqueryStreamConfigSchema = z
  .strictObject({
    kind: z.enum(recordKinds).describe('Which canonical record each row becomes.'),
    table: identifier.optional().describe('Table (or view) in the dataset to read; give this or sql.'),
    sql: z
      .string()
      .min(1)
      .optional()
      .describe(
        'A SELECT whose rows are read instead of a table; scorebridge wraps it to page by the cursor.',
      ),
    idColumn: identifier.default('id').describe('Column with the record id (default "id").'),
    updatedAtColumn: identifier
      .optional()
      .describe(
        'TIMESTAMP column of the incremental cursor (default "updated_at"; "occurred_at" for events).',
      ),
    lookbackMinutes: z
      .number()
      .int()
      .min(0)
      .max(1440)
      .default(10)
      .describe('Minutes re-read behind the cursor on each sync, for rows committed late (default 10).'),
    objectType: z
      .string()
      .min(1)
      .optional()
      .describe('Object type in source refs (default: the stream name).'),
    columns: z
      .record(z.string(), identifier)
      .optional()
      .describe(
        'Canonical field -> column, e.g. {email: "email_address"}. Unlisted fields use snake_case names.',
      ),
    properties: z
      .array(z.string().min(1))
      .optional()
      .describe('Extra columns kept as properties; "*" keeps every column no field uses.'),
  })
  .superRefine((stream, ctx) => {
    if ((stream.table === undefined) === (stream.sql === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['table'], message: 'give exactly one of table or sql' });
    }
    const fields = canonicalFieldNames(stream.kind);
    for (const field of Object.keys(stream.columns ?? {})) {
      if (!fields.includes(field)) {
        ctx.addIssue({
          code: 'custom',
          path: ['columns', field],
          message: `"${field}" is not a ${stream.kind} field; ${stream.kind} fields: ${fields.join(', ')}`,
        });
      }
    }
  });

export const bigqueryConnectorConfigSchema = z
  .strictObject({
    type: z.literal('bigquery').describe('Reads records from BigQuery and publishes scores to it.'),
    projectId: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
        'a Google Cloud project id: 6-30 lower-case letters, digits, "-"',
      ),
    dataset: identifier.describe(
      'Dataset of the source tables, and of the score tables unless scores.dataset is set.',
    ),
    location: z.string().min(1).default('US').describe('Dataset and job location (default US).'),
    // Service-account key JSON as ${ENV_VAR}. No .describe(): it would hide the secret marker.
    credentials: secretRef().optional(),
    apiEndpoint: z
      .url()
      .optional()
      .describe(
        'API base URL; point it at the BigQuery emulator (which needs no credentials) for a sandbox.',
      ),
    pageSize: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(5000)
      .describe('Rows per query page and per committed batch (default 5000).'),
    scores: z
      .strictObject({
        dataset: identifier.optional().describe('Dataset of the score tables (default: dataset).'),
        current: identifier.default(DEFAULT_SCORE_TABLES.current),
        history: identifier.default(DEFAULT_SCORE_TABLES.history),
        staging: identifier.default(DEFAULT_SCORE_TABLES.staging),
        latestView: identifier.default(DEFAULT_SCORE_TABLES.latestView),
      })
      .prefault({})
      .describe('Where published scores go.'),
    inWarehouse: z
      .strictObject({
        featureTables: z
          .record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a model name from scoring.models'), tablePath)
          .default({})
          .describe(
            'Model -> feature table your own jobs (e.g. dbt) maintain; `score --in-warehouse` then scores it as is instead of computing features from the canonical relations.',
          ),
        relations: z
          .strictObject({
            contacts: tablePath.optional(),
            accounts: tablePath.optional(),
            events: tablePath.optional(),
            deals: tablePath.optional(),
          })
          .default({})
          .describe(
            'Your own tables or views (e.g. dbt models) holding the canonical relations sb_contacts, sb_accounts, sb_events, sb_deals with their documented columns; unlisted ones are generated from the streams.',
          ),
      })
      .optional()
      .describe(
        'In-warehouse scoring: the relations features are computed from, or the feature table each model reads.',
      ),
    streams: z
      .record(z.string().regex(/^[A-Za-z0-9_.-]+$/), bigqueryStreamConfigSchema)
      .default({})
      .describe('Stream name -> table or SQL to read.'),
  })
  .superRefine((config, ctx) => {
    if (!config.credentials && !config.apiEndpoint) {
      ctx.addIssue({
        code: 'custom',
        path: ['credentials'],
        message: 'set credentials: ${VAR} (a service-account key JSON), or apiEndpoint for a local emulator',
      });
    }
  })
  .describe('Google BigQuery connector');

export type BigQueryStreamConfig = z.infer<typeof bigqueryStreamConfigSchema>;
export type BigQueryConnectorConfig = z.infer<typeof bigqueryConnectorConfigSchema>;
