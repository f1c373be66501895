import type { Clock } from '../../../core/clock.ts';
import type { EntityType } from '../../../core/schema/index.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import type { ScoreBand } from '../../../scoring/calibration/score-bands.ts';
import { isoOf, parseCutoff } from '../../../scoring/features/time.ts';
import type { ModelSpec } from '../../../scoring/models/model-specs.ts';
import { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import type { ScorePayload } from '../api-schemas.ts';
import { payloadSnapshot } from './payload-snapshot.ts';
import { PromotedModelCache } from './promoted-models.ts';
import { ResultCache } from './result-cache.ts';
import { type SnapshotScores, scoreSnapshot } from './score-snapshot.ts';
import { SingleFlight } from './single-flight.ts';
import { StoredSnapshots } from './stored-snapshot.ts';
import { TurnQueue } from './turn-queue.ts';

/** Accounts whose shared reads stay in memory per cutoff (a few KB each: summaries, not events). */
const ACCOUNT_BUNDLES = 2_000;

export interface ScoredEntity extends SnapshotScores {
  readonly entity: { readonly type: EntityType; readonly id: string | null };
  readonly asOf: string;
}

/** Real-time scoring of one entity: from the store by id, or from a request payload. */
export class EntityScorer {
  readonly #clock: Clock;
  readonly #models: PromotedModelCache;
  readonly #results: ResultCache<ScoredEntity | null>;
  readonly #snapshots: StoredSnapshots;
  readonly #scoring = new SingleFlight<ScoredEntity | null>();
  /** Scorings run one per event-loop turn (see turn-queue.ts). */
  readonly #turns = new TurnQueue();

  constructor(
    store: SqliteCanonicalStore,
    clock: Clock,
    options: {
      specs: readonly ModelSpec[];
      bands: readonly ScoreBand[];
      cacheSize?: number;
      /** Accounts whose bundle (see account-bundles.ts) is kept; 0 reads every request afresh. */
      accountBundles?: number;
    },
  ) {
    this.#clock = clock;
    this.#models = new PromotedModelCache(
      store,
      ModelRegistry.of(store, clock),
      options.specs,
      options.bands,
    );
    this.#results = new ResultCache(store.database, options.cacheSize ?? 10_000);
    this.#snapshots = new StoredSnapshots(store, {
      accountBundles: options.accountBundles ?? ACCOUNT_BUNDLES,
    });
  }

  #cutoff(asOf: string | undefined): number {
    return parseCutoff(asOf ?? this.#clock.now().toISOString(), 'asOf');
  }

  /**
   * Null when the store does not know the id; merged-away ids answer for their survivor. Answers
   * are reused until the database changes (see ResultCache); concurrent requests for the same
   * entity, as-of and store version share one scoring.
   */
  async scoreStored(type: EntityType, id: string, asOf?: string): Promise<ScoredEntity | null> {
    const cutoffMs = this.#cutoff(asOf);
    const key = `${type}\u0000${id}\u0000${cutoffMs}`;
    const readAt = this.#results.version();
    const cached = this.#results.get(key, readAt);
    if (cached !== undefined) return cached;
    return this.#scoring.run(`${readAt}\u0000${key}`, async () => {
      const result = await this.#turns.run(() => this.#score(type, id, cutoffMs));
      // Dropped when a write landed while it was read: the next request scores the new data.
      this.#results.set(key, result, readAt);
      return result;
    });
  }

  async #score(type: EntityType, id: string, cutoffMs: number): Promise<ScoredEntity | null> {
    const promoted = this.#models.get();
    const loaded = await this.#snapshots.load(type, id, cutoffMs, promoted.evaluators);
    if (!loaded) return null;
    return {
      entity: { type, id: loaded.snapshot.id },
      asOf: isoOf(cutoffMs),
      ...scoreSnapshot(promoted, loaded.snapshot, cutoffMs, loaded.shared),
    };
  }

  scorePayload(payload: ScorePayload): ScoredEntity {
    const cutoffMs = this.#cutoff(payload.asOf);
    const snapshot = payloadSnapshot(payload, cutoffMs);
    const id =
      snapshot.entityType === 'contact' ? (payload.contact?.id ?? null) : (payload.account?.id ?? null);
    return {
      entity: { type: snapshot.entityType, id },
      asOf: isoOf(cutoffMs),
      ...scoreSnapshot(this.#models.get(), snapshot, cutoffMs),
    };
  }
}
