import { z } from 'zod';
import { secretRef } from '../../core/config/secret-ref.ts';
import { eventTypeSchema, recordKinds } from '../../core/schema/index.ts';
import { DEFAULT_SCORE_TABLES } from '../../core/warehouse/scores-table.ts';

const objectName = z
  .string()
  .regex(
    /^("[^"]+"|[A-Za-z_][A-Za-z0-9_$]*)(\.("[^"]+"|[A-Za-z_][A-Za-z0-9_$]*)){0,2}$/,
    'a Snowflake name like TABLE, SCHEMA.TABLE or DB.SCHEMA.TABLE',
  );
const columnName = z.string().min(1);

export const snowflakeStreamConfigSchema = z
  .strictObject({
    kind: z.enum(recordKinds).describe('Which canonical record each row becomes.'),
    table: objectName
      .optional()
      .describe('Table or view to read (unquoted parts are upper-cased, as Snowflake does).'),
    sql: z
      .string()
      .min(1)
      .optional()
      .describe('A SELECT whose rows are the stream, used as a subquery; no values may be spliced into it.'),
    idColumn: columnName.optional().describe('Column with the record id (default ID).'),
    updatedAtColumn: columnName
      .optional()
      .describe('Column the incremental cursor follows (default UPDATED_AT; OCCURRED_AT for events).'),
    objectType: z
      .string()
      .min(1)
      .optional()
      .describe('Object type in source refs (default: the stream name).'),
    accountObjectType: z
      .string()
      .min(1)
      .optional()
      .describe('Object type of account references (default "accounts").'),
    contactObjectType: z
      .string()
      .min(1)
      .optional()
      .describe('Object type of contact references (default "contacts").'),
    columns: z
      .record(z.string(), columnName)
      .optional()
      .describe(
        'Canonical field -> column, e.g. {email: "EMAIL_ADDRESS"}. Unlisted fields read the column FIELD_NAME.',
      ),
    eventTypes: z
      .record(z.string(), eventTypeSchema)
      .optional()
      .describe(
        'Source event label -> the name to store, e.g. {"Logged in": "login"}. Other labels keep their own ' +
          'name; a well-known name written loosely ("Page View") becomes that name (page_view).',
      ),
    properties: z
      .array(z.string().min(1))
      .optional()
      .describe('Extra columns kept as properties; "*" keeps every column no field uses.'),
  })
  .refine((stream) => (stream.table === undefined) !== (stream.sql === undefined), {
    message: 'give exactly one of "table" or "sql"',
  });

/** Scores from which a publish loads files with PUT + COPY (bench/RESULTS.md, Snowflake score publish). */
export const COPY_FROM_ROWS_DEFAULT = 50_000;

export const snowflakeConnectorConfigSchema = z
  .strictObject({
    type: z
      .literal('snowflake')
      .describe('Reads contacts, accounts, events and deals from Snowflake and publishes scores.'),
    account: z.string().min(1).describe('Account identifier, e.g. "myorg-myaccount".'),
    username: z.string().min(1),
    // Credentials as ${ENV_VAR}. No .describe(): it would clone the schema and hide the secret marker.
    password: secretRef().optional(),
    privateKey: secretRef().optional(),
    privateKeyPassphrase: secretRef().optional(),
    warehouse: z.string().min(1).optional().describe('Virtual warehouse that runs the queries.'),
    database: z.string().min(1).describe('Database holding the source tables and the scores.'),
    schema: z.string().min(1).default('PUBLIC').describe('Default schema (default PUBLIC).'),
    role: z.string().min(1).optional(),
    accessUrl: z
      .url()
      .optional()
      .describe('Service URL; point it at the Snowflake emulator (http://127.0.0.1:PORT) for a sandbox.'),
    batchSize: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(5000)
      .describe('Records per committed batch (default 5000).'),
    lookbackMinutes: z
      .number()
      .int()
      .min(0)
      .max(1440)
      .default(10)
      .describe(
        'Each incremental read restarts this many minutes before the cursor, for late-arriving rows (default 10).',
      ),
    inWarehouse: z
      .strictObject({
        featureTables: z
          .record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a model name from scoring.models'), objectName)
          .default({})
          .describe(
            'Model -> feature table your own jobs (e.g. dbt) maintain; `score --in-warehouse` then scores it as is instead of computing features from the canonical relations.',
          ),
        relations: z
          .strictObject({
            contacts: objectName.optional(),
            accounts: objectName.optional(),
            events: objectName.optional(),
            deals: objectName.optional(),
          })
          .default({})
          .describe(
            'Your own tables or views (e.g. dbt models) holding the canonical relations SB_CONTACTS, SB_ACCOUNTS, SB_EVENTS, SB_DEALS with their documented columns; unlisted ones are generated from the streams.',
          ),
      })
      .optional()
      .describe(
        'In-warehouse scoring: the relations features are computed from, or the feature table each model reads.',
      ),
    streams: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.-]+$/, 'stream names use letters, digits, "_", "-" and "."'),
        snowflakeStreamConfigSchema,
      )
      .default({})
      .describe('Stream name -> table or SQL to read.'),
    scores: z
      .strictObject({
        schema: z
          .string()
          .min(1)
          .optional()
          .describe('Schema for the score tables (default: the connector schema).'),
        current: z.string().min(1).default(DEFAULT_SCORE_TABLES.current),
        history: z.string().min(1).default(DEFAULT_SCORE_TABLES.history),
        staging: z.string().min(1).default(DEFAULT_SCORE_TABLES.staging),
        latestView: z.string().min(1).default(DEFAULT_SCORE_TABLES.latestView),
        batchRows: z
          .number()
          .int()
          .min(1)
          .max(100_000)
          .default(100_000)
          .describe('Scores per staging insert (one bind value each; the driver stages above 100,000).'),
        copyFromRows: z
          .number()
          .int()
          .min(1)
          .default(COPY_FROM_ROWS_DEFAULT)
          .describe(
            'Publishes of at least this many scores are loaded as gzip CSV files (PUT to a temporary stage, one COPY INTO); smaller ones use array binds in one request.',
          ),
      })
      .prefault({})
      .describe('Where published scores go.'),
  })
  .refine((config) => (config.password === undefined) !== (config.privateKey === undefined), {
    message: 'give exactly one of "password" or "privateKey"',
    path: ['password'],
  })
  .describe('Snowflake warehouse connector');

export type SnowflakeStreamConfig = z.infer<typeof snowflakeStreamConfigSchema>;
export type SnowflakeConnectorConfig = z.infer<typeof snowflakeConnectorConfigSchema>;
