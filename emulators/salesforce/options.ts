import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { faultRuleSchema } from './faults.ts';
import { LATEST_SERVED_VERSION, OLDEST_SERVED_VERSION } from './http/versions.ts';
import type { RecordValidator } from './org-state.ts';

export const DEFAULT_CLIENT_ID = 'scorebridge-emulator-client';
export const DEFAULT_CLIENT_SECRET = 'emulator-client-secret';
export const DEFAULT_REFRESH_TOKEN = 'emulator-refresh-token';

/** Plain-data options, validated; functions (clock, validate) travel beside them. */
export const emulatorSettingsSchema = z.strictObject({
  port: z.number().int().min(0).max(65_535).default(0),
  host: z.string().default('127.0.0.1'),
  latencyMs: z.number().int().min(0).default(0),
  apiLimits: z.strictObject({ dailyRequests: z.number().int().min(1).default(100_000) }).prefault({}),
  concurrency: z.number().int().min(1).default(25),
  faults: z.array(faultRuleSchema).default([]),
  seed: z.number().int().default(1),
  sessionTtlMs: z
    .number()
    .int()
    .min(1)
    .default(2 * 3_600_000),
  app: z
    .strictObject({ clientId: z.string().min(1), clientSecret: z.string().min(1) })
    .default({ clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET }),
  refreshTokens: z.array(z.string().min(1)).default([DEFAULT_REFRESH_TOKEN]),
  permissions: z
    .strictObject({
      /** false: the API user lacks Customize Application, so Tooling CustomField creates are refused. */
      createFields: z.boolean().default(true),
      /**
       * true (the default, as in every real org): fields created through the Tooling API stay
       * hidden from the API user until FieldPermissions on a permission set assigned to the user
       * grants read access. false is a lenient variant for focused tests only.
       */
      fieldLevelSecurity: z.boolean().default(true),
      /** false: the API user lacks "Manage Profiles and Permission Sets" (cannot create sets, assignments or grants). */
      managePermissionSets: z.boolean().default(true),
      /** false: the integration permission set exists but is not assigned to the API user yet. */
      integrationSetAssigned: z.boolean().default(true),
    })
    .prefault({}),
  bulk: z
    .strictObject({
      /** Ingest jobs: the poll on which a closed job completes. */
      pollsToComplete: z.number().int().min(0).default(1),
      /** Query jobs: a real org answers UploadComplete/InProgress to the first polls, so the default is 2. */
      queryPollsToComplete: z.number().int().min(1).default(2),
      /** Records per results page when the client sends no maxRecords (Salesforce pages by size; this stands in). */
      queryDefaultPageRecords: z.number().int().min(1).default(50_000),
    })
    .prefault({}),
  /**
   * Multi-currency org: records carry CurrencyIsoCode, and CurrencyType (static rates) and
   * DatedConversionRate (Advanced Currency Management) are queryable. Off: those objects do not exist.
   */
  currency: z
    .strictObject({
      multiCurrency: z.boolean().default(false),
      corporate: z.string().length(3).default('USD'),
    })
    .prefault({}),
  /** Served API versions (major numbers); tests emulate an org on an older release with `latest`. */
  apiVersions: z
    .strictObject({
      oldest: z.number().int().min(1).default(OLDEST_SERVED_VERSION),
      latest: z.number().int().min(1).default(LATEST_SERVED_VERSION),
    })
    .prefault({}),
});

export type SalesforceEmulatorSettings = z.input<typeof emulatorSettingsSchema>;

export interface SalesforceEmulatorOptions extends SalesforceEmulatorSettings {
  /** Drives SystemModstamp, session expiry and cursor lifetime; wall clock when absent. */
  readonly clock?: Clock;
  /** Validation rules records must pass on insert and update (REST, collections and bulk). */
  readonly validate?: RecordValidator;
}
