import { z } from 'zod';
import { configRelativePath, secretRef } from '../../core/config/index.ts';

export const DEFAULT_STORE_PATH = 'var/scorebridge.db';

const analyticsSchema = z
  .strictObject({
    path: configRelativePath()
      .optional()
      .describe(
        "The analytics replica's DuckDB file, relative to the config file's folder (default: next to the store, <store>.analytics.duckdb). It can be deleted at any time; it is rebuilt from the store.",
      ),
    memoryLimit: z
      .string()
      .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'a size such as "1GB" or "512MB"')
      .default('1GB')
      .describe(
        'Memory DuckDB may use for feature queries; beyond it, work spills to disk next to the file.',
      ),
    threads: z
      .number()
      .int()
      .min(1)
      .max(256)
      .optional()
      .describe('Threads for feature queries (default: every core).'),
  })
  .prefault({});
const poolSchema = z
  .strictObject({
    max: z
      .number()
      .int()
      .min(1)
      .max(500)
      .default(10)
      .describe(
        "Most connections one process opens for its async work (job queue, shared limits); each process also holds one connection for the store's statements.",
      ),
    connectionTimeoutMs: z
      .number()
      .int()
      .min(100)
      .default(10_000)
      .describe('How long to wait for a free connection or for Postgres to accept one before failing.'),
    idleTimeoutMs: z
      .number()
      .int()
      .min(1000)
      .default(30_000)
      .describe('Idle pooled connections are closed after this long.'),
    statementTimeoutMs: z
      .number()
      .int()
      .min(1000)
      .default(120_000)
      .describe('Postgres cancels any single statement that runs longer (statement_timeout).'),
  })
  .prefault({});

export const storeSchema = z
  .strictObject({
    type: z
      .enum(['sqlite', 'postgres'])
      .default('sqlite')
      .describe(
        'sqlite: one embedded file on one machine (the default). postgres: one database shared by every worker and API replica, on any number of hosts.',
      ),
    path: configRelativePath()
      .prefault(DEFAULT_STORE_PATH)
      .describe(
        "SQLite database file, relative to the config file's folder. With type postgres, only the folder next to it is used, for local working files (the analytics replica).",
      ),
    url: secretRef().optional().describe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax the user should write
      'Postgres connection URL from the environment, such as ${DATABASE_URL} (postgres://user:password@host:5432/scorebridge?sslmode=require). Required when type is postgres.',
    ),
    pool: poolSchema.describe('Postgres connection settings for each process (type postgres only).'),
    analytics: analyticsSchema.describe(
      'The embedded analytical engine features are computed on: DuckDB over a replica of the store.',
    ),
  })
  .superRefine((store, ctx) => {
    if (store.type === 'postgres' && store.url === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax the user should write
        message: 'a Postgres store needs url: ${DATABASE_URL} (the variable holding the connection URL)',
      });
    }
    if (store.type === 'sqlite' && store.url !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'url is for type: postgres; an SQLite store is the file at store.path',
      });
    }
  })
  .prefault({});

export type StoreConfig = z.output<typeof storeSchema>;
