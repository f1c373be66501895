import type { EntityType, Score } from '../schema/index.ts';

/** Why a write to a provider failed, which decides whether and when it is retried. */
export type ConnectorErrorKind =
  /** Network error, timeout, 5xx: retry with backoff on the transient budget. */
  | 'transient'
  /** 429 / REQUEST_LIMIT_EXCEEDED: retry after `retryAfterMs`, on the rate-limit budget. */
  | 'rate_limited'
  /** Token expired or revoked: refresh once, else stop the whole job. */
  | 'auth'
  /** The record is wrong for the provider (bad value, missing required field): never retry. */
  | 'invalid'
  /** The target does not exist or cannot be written (deleted record, no permission): never retry. */
  | 'permanent';

export class ConnectorError extends Error {
  readonly kind: ConnectorErrorKind;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly recordId: string | undefined;
  constructor(
    message: string,
    options: {
      kind: ConnectorErrorKind;
      retryAfterMs?: number;
      status?: number;
      recordId?: string;
      cause?: unknown;
    },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.kind = options.kind;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.recordId = options.recordId;
  }

  get retryable(): boolean {
    return this.kind === 'transient' || this.kind === 'rate_limited';
  }
}

/**
 * One field write on one provider record, keyed by a deterministic idempotency key so a write
 * replayed after a crash is recognised (see the outbox in workflows/).
 */
export interface FieldWriteIntent {
  readonly idempotencyKey: string;
  /** Provider object type ("contacts", "Contact", "Lead", "Account", "companies"). */
  readonly objectType: string;
  /** Provider record id. */
  readonly recordId: string;
  /** Provider field name -> value. */
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
}

export interface TaskIntent {
  readonly idempotencyKey: string;
  /** The provider record the task is about (an account, contact or lead). */
  readonly objectType: string;
  readonly recordId: string;
  /** Provider owner/user id the task is assigned to; the record's owner when absent. */
  readonly ownerId?: string;
  readonly subject: string;
  readonly body: string;
  readonly dueAt: string;
  readonly priority: 'low' | 'medium' | 'high';
  readonly type?: 'call' | 'email' | 'task';
}

/** The outcome of one intent: every intent gets exactly one, in input order. */
export type WriteResult =
  | {
      readonly idempotencyKey: string;
      readonly status: 'ok';
      readonly providerId?: string;
      readonly skipped?: 'unchanged';
      /** The CRM held another value than the one scorebridge last wrote (edited since): written again. */
      readonly repaired?: true;
      /**
       * The record's last change before this write was someone else's, stamped at this instant. A
       * source that leaves out scorebridge's own writes would no longer see that change, so the
       * caller asks the next sync to read the record again unless the store holds that version.
       */
      readonly coveredChangeAt?: string;
    }
  | {
      readonly idempotencyKey: string;
      readonly status: 'retry';
      readonly retryAfterMs: number;
      readonly error: string;
    }
  | {
      readonly idempotencyKey: string;
      readonly status: 'failed';
      readonly kind: ConnectorErrorKind;
      readonly error: string;
    };

/** The score fields a destination writes, and how to describe them to a CRM admin. */
export interface ScoreFieldSpec {
  readonly name: string;
  readonly label: string;
  readonly type: 'number' | 'text' | 'datetime' | 'enumeration';
  readonly description: string;
  readonly options?: readonly string[];
}

export interface WriteFieldsOptions {
  /**
   * Compare with the values the CRM holds now, read through its API first, instead of the values
   * scorebridge remembers writing: values someone edited in the CRM since are written again (and
   * reported as repaired). A destination that always reads first (Salesforce) behaves the same either way.
   */
  readonly verify?: boolean;
}

/** What writeFields would do with one intent, decided without writing anything. */
export type FieldPreview =
  | { readonly idempotencyKey: string; readonly status: 'unchanged' }
  | {
      readonly idempotencyKey: string;
      readonly status: 'write';
      /** Provider field names whose value would be sent. */
      readonly fields: readonly string[];
      /** True when the CRM drifted from what scorebridge last wrote (a repair, not a new score). */
      readonly repair: boolean;
    }
  | { readonly idempotencyKey: string; readonly status: 'failed'; readonly error: string };

export interface DestinationConnector {
  readonly name: string;
  /** Creates the score fields (HubSpot property group and properties, Salesforce custom fields) when missing. */
  ensureScoreFields(
    objectType: string,
    fields: readonly ScoreFieldSpec[],
  ): Promise<{ created: string[]; existing: string[] }>;
  /** Writes field values; never throws for per-record failures (they come back as results). */
  writeFields(intents: readonly FieldWriteIntent[], options?: WriteFieldsOptions): Promise<WriteResult[]>;
  /**
   * What writeFields would send, one answer per intent in input order, without any call that changes
   * the CRM (reads only; nothing is remembered as written). Missing score fields count as empty.
   */
  previewFields(intents: readonly FieldWriteIntent[], options?: WriteFieldsOptions): Promise<FieldPreview[]>;
  createTasks(intents: readonly TaskIntent[]): Promise<WriteResult[]>;
  /**
   * True when createTasks finds a task it already made by the intent's idempotency key instead of
   * creating a second one, so a task whose outcome is unknown can safely be created again.
   */
  readonly tasksIdempotentByKey?: boolean;
  /** Releases connections and flushes state (e.g. the record of last-written values). */
  close?(): Promise<void>;
}

/** What the write-back step needs to know about a score to map it onto provider fields. */
export interface ScoreForWriteBack {
  readonly entityType: EntityType;
  readonly score: Score;
}
