import type { Cursor, RejectedRecord, SourceBatch } from '../connectors/source.ts';
import type {
  Account,
  Contact,
  Deal,
  EntityType,
  EventType,
  RecordKind,
  ResolvedEvent,
  Score,
  SourceRef,
} from '../schema/index.ts';

/** An event tagged with the entity it was fetched for (an account's events include its contacts'). */
export interface EntityEvents {
  readonly entityId: string;
  readonly events: ResolvedEvent[];
}

/** What one batch did to the store, per record kind. */
export interface BatchResult {
  readonly inserted: number;
  /** Records whose content changed. */
  readonly updated: number;
  /** Records already stored with identical content: re-importing a file lands here. */
  readonly unchanged: number;
  readonly rejected: number;
  /** Identity merges this batch caused (same e-mail from two systems, provider merges). */
  readonly merges: number;
}

/**
 * One entry of the merge log. Either a source record joined an existing entity because its e-mail
 * (contacts) or domain (accounts) matched (`merged` is the source key), or a provider merged two
 * records and their canonical entities were merged (`merged` is the losing canonical id, which is
 * kept with `mergedInto` pointing at the winner).
 */
export interface MergeRecord {
  readonly entityType: EntityType;
  readonly winnerId: string;
  readonly merged: string;
  readonly reason: 'email_match' | 'domain_match' | 'source_merge';
  /** The identity that caused it: "email:ana@acme.com", "domain:acme.com" or the merging source key. */
  readonly evidence: string;
  readonly mergedAt: string;
}

export interface StreamStatus {
  readonly stream: string;
  readonly cursor: Cursor | null;
  readonly cursorUpdatedAt: string | null;
  readonly lastRun: SyncRun | null;
}

export interface SyncRun {
  readonly id: number;
  readonly stream: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly error: string | null;
}

export interface QuarantinedRecord extends RejectedRecord {
  readonly id: number;
  readonly stream: string;
  readonly quarantinedAt: string;
}

export interface ScoreDistributionRow {
  readonly model: string;
  readonly entityType: EntityType;
  readonly tier: string;
  readonly count: number;
  readonly averageValue: number;
  readonly averageProbability: number | null;
}

export interface StoreCounts {
  readonly contacts: number;
  readonly accounts: number;
  readonly events: number;
  readonly deals: number;
  readonly merges: number;
  readonly quarantined: number;
  /**
   * Quarantined rows that earlier versions rejected for an event type outside the well-known names.
   * Events keep their own names now, so reading the source again (`sync --full`) imports them.
   */
  readonly quarantinedForEventType: number;
  readonly scores: number;
  readonly deletedContacts: number;
  readonly mergedContacts: number;
}

export interface IterateOptions {
  /** Rows per yielded page; pages are read with keyset pagination so memory stays flat. */
  readonly batchSize?: number;
  /** Include deleted and merged-away entities (default false). */
  readonly includeInactive?: boolean;
}

export interface EventQuery extends IterateOptions {
  readonly types?: readonly EventType[];
  /** Inclusive lower bound on occurredAt. */
  readonly from?: string;
  /** Exclusive upper bound on occurredAt: the point-in-time cutoff for features. */
  readonly before?: string;
}

/**
 * Records a sync must read again although their last change was scorebridge's own write-back:
 * the write covered an earlier change by someone else that no sync had seen yet (see
 * app/writeback). Sources that leave out their own writes read these explicitly.
 */
export interface RereadLedger {
  note(refs: readonly SourceRef[]): Promise<void>;
  /** External ids waiting to be read again, for one source system and object type. */
  pending(system: string, objectType: string): Promise<string[]>;
  /** The `updatedAt` of the stored version of a source record, null when none is stored. */
  storedVersion(ref: SourceRef): Promise<string | null>;
}

/**
 * The product's system of record. Every method is async so the embedded SQLite store and the
 * Postgres store (multiple workers) share one interface.
 */
export interface CanonicalStore {
  /**
   * Upserts a batch (idempotently, keyed by source refs), quarantines its rejected rows and moves
   * the stream cursor, all in one transaction.
   */
  applyBatch(batch: SourceBatch): Promise<BatchResult>;
  getCursor(stream: string): Promise<Cursor | null>;
  readonly rereads: RereadLedger;

  /** Throws SyncInProgressError when a live process is syncing the stream already. */
  startSyncRun(stream: string): Promise<number>;
  finishSyncRun(
    runId: number,
    outcome: { status: 'succeeded' | 'failed'; result: BatchResult; error?: string },
  ): Promise<void>;
  streamStatus(): Promise<StreamStatus[]>;

  getContact(id: string): Promise<Contact | null>;
  findContactBySource(ref: SourceRef): Promise<Contact | null>;
  findContactByEmail(email: string): Promise<Contact | null>;
  getAccount(id: string): Promise<Account | null>;
  /** Live contacts (not deleted, not merged away) whose account resolves to this account, oldest first. */
  contactsOfAccount(accountId: string): Promise<Contact[]>;
  /** Follows merge chains to the surviving entity id. */
  resolveId(entityType: EntityType, id: string): Promise<string>;

  iterateContacts(options?: IterateOptions): AsyncIterable<Contact[]>;
  iterateAccounts(options?: IterateOptions): AsyncIterable<Account[]>;
  iterateEvents(query?: EventQuery): AsyncIterable<ResolvedEvent[]>;
  iterateDeals(options?: IterateOptions): AsyncIterable<Deal[]>;
  /**
   * Events of a page of entities (contacts: their own events; accounts: events on the account or
   * on any of its contacts), ordered by entity then time. Scoring walks entities page by page
   * with this, so memory depends on the page size, not on the size of the store.
   */
  eventsFor(
    entityType: EntityType,
    entityIds: readonly string[],
    query?: Omit<EventQuery, 'batchSize'>,
  ): Promise<EntityEvents[]>;
  /** Deals of a page of entities, like `eventsFor`. */
  dealsFor(entityType: EntityType, entityIds: readonly string[]): Promise<Deal[]>;

  /** Saves current scores and appends them to the score history, in one transaction. */
  saveScores(scores: readonly Score[]): Promise<void>;
  /**
   * Corrects the tiers of scores a run saved at `computedAt` (current and history rows, in one
   * transaction); a current row a later run replaced is left alone.
   */
  updateScoreTiers(
    scope: { readonly model: string; readonly entityType: EntityType; readonly computedAt: string },
    changes: readonly { readonly id: string; readonly tier: Score['tier'] }[],
  ): Promise<void>;
  currentScores(entityType: EntityType, entityId: string): Promise<Score[]>;
  /** Current scores of one model, page by page (write-back walks these). */
  iterateCurrentScores(model: string, options?: Pick<IterateOptions, 'batchSize'>): AsyncIterable<Score[]>;
  scoreHistory(entityType: EntityType, entityId: string, model?: string): Promise<Score[]>;

  /** Current scores per model and tier: the distribution reps and marketers look at first. */
  scoreDistribution(): Promise<ScoreDistributionRow[]>;
  merges(entityType?: EntityType): Promise<MergeRecord[]>;
  quarantined(stream?: string, limit?: number): Promise<QuarantinedRecord[]>;
  counts(): Promise<StoreCounts>;
  close(): Promise<void>;
}

export type { RecordKind };
