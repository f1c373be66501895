import type { Clock } from '../../core/clock.ts';
import type { ConfigEnv } from '../../core/config/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { SqliteCanonicalStore } from '../../core/store/sqlite/index.ts';
import type { LoadedConfig } from '../config/index.ts';
import type { SharedLimits } from '../shared-limits.ts';

/** What every part of the HTTP server is built from; passed explicitly, never global. */
export interface ServerDeps {
  readonly loaded: LoadedConfig;
  readonly store: SqliteCanonicalStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly env: ConfigEnv;
  /**
   * API-key rate limits, the webhook replay cache and CRM limits shared by every replica (a
   * Postgres store); in this process's memory when absent.
   */
  readonly limits?: SharedLimits;
}

/** API key scopes: read (scores, models, dashboard), score (real-time scoring), admin (everything). */
export const API_SCOPES = ['read', 'score', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
