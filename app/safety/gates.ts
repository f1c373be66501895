import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import type { ModelRegistry } from '../../scoring/registry/model-registry.ts';
import type { SafetyConfig } from '../config/safety.ts';
import { ageInWords, type DataFreshness, type StalenessVerdict, staleness } from './data-freshness.ts';
import { type ModelHealth, modelHealth } from './model-health.ts';
import { type TierChanges, tierChangesSince, transitionWords } from './tier-changes.ts';

/** Where a write goes: the key its last-written tiers are kept under, and words for people. */
export interface WriteDestination {
  /** "writeback:hubspot", "publish:warehouse", "workflows". */
  readonly key: string;
  /** "write-back to hubspot", "publish to warehouse", "workflow enrollment". */
  readonly label: string;
}

export interface GatedModel {
  readonly name: string;
  readonly entity: 'contact' | 'account';
}

export type GateName = 'stale_data' | 'drift_alert' | 'unpromoted_model' | 'tier_change_share';

export interface TrippedGate {
  readonly gate: GateName;
  /** The model it is about; null for the store as a whole (stale data). */
  readonly model: string | null;
  readonly message: string;
}

export interface ModelReading {
  readonly model: string;
  readonly entity: 'contact' | 'account';
  readonly health: ModelHealth;
  readonly tierChanges: TierChanges;
}

/** Everything a gate looked at for one destination, and what tripped. */
export interface GateReport {
  readonly destination: WriteDestination;
  readonly checkedAt: string;
  readonly freshness: StalenessVerdict & { readonly source: DataFreshness['source'] };
  readonly models: readonly ModelReading[];
  readonly tripped: readonly TrippedGate[];
}

export interface GateInput {
  readonly db: SqlDatabase;
  readonly registry: ModelRegistry;
  readonly safety: SafetyConfig;
  readonly destination: WriteDestination;
  readonly models: readonly GatedModel[];
  readonly freshness: DataFreshness;
}

const percent = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
const count = (n: number) => n.toLocaleString('en-US');
const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export function staleMessage(verdict: StalenessVerdict): string {
  return (
    `the newest data in the store is from ${utc(verdict.newestAt!)}, ${ageInWords(verdict.ageMs!)} ago; ` +
    `safety.maxDataAge is ${ageInWords(verdict.limitMs!)}. Sync first (\`scorebridge sync\`) and check that every ` +
    'connector still delivers, or pass --force to write anyway'
  );
}

function healthTrips(reading: ModelReading, safety: SafetyConfig): TrippedGate[] {
  const { health } = reading;
  const trips: TrippedGate[] = [];
  if (safety.holdOnUnpromotedModel && health.scores > 0) {
    if (health.promotedVersion === null)
      trips.push({
        gate: 'unpromoted_model',
        model: health.model,
        message: `${health.model}: no version is promoted, yet ${count(health.scores)} scores are current; train it (\`scorebridge train\`) and score again`,
      });
    else
      for (const stale of health.unpromoted)
        trips.push({
          gate: 'unpromoted_model',
          model: health.model,
          message: `${health.model}: ${count(stale.count)} current scores come from v${stale.version}, which is not the promoted version (v${health.promotedVersion}); score again (\`scorebridge score\`)`,
        });
  }
  const drift = health.drift;
  if (safety.holdOnDriftAlert && drift?.status === 'alert')
    trips.push({
      gate: 'drift_alert',
      model: health.model,
      message:
        `${health.model} v${drift.version}: score drift PSI ${drift.psi.toFixed(3)} is at alert (0.25 or more) in the scoring run of ${utc(drift.runAt)} ` +
        `(as of ${drift.asOf.slice(0, 10)}, ${count(drift.rows)} records; ${drift.featuresAlert} features alert). The scores no longer look like the ` +
        'population the model was trained for: check the data (`scorebridge report`), retrain (`scorebridge train`), or pass --force',
    });
  return trips;
}

function tierTrip(
  reading: ModelReading,
  safety: SafetyConfig,
  destination: WriteDestination,
): TrippedGate | null {
  const changes = reading.tierChanges;
  const limit = safety.maxTierChangeShare;
  if (limit === null || changes.lastWrittenAt === null || changes.compared === 0 || changes.share <= limit)
    return null;
  return {
    gate: 'tier_change_share',
    model: reading.model,
    message:
      `${reading.model}: ${count(changes.changed)} of ${count(changes.compared)} ${reading.entity}s (${percent(changes.share)}) changed tier since the ` +
      `last ${destination.label} (${utc(changes.lastWrittenAt)}); safety.maxTierChangeShare is ${percent(limit)}. ${transitionWords(changes)}`,
  };
}

/**
 * Reads every gate for one destination: stale data, drift alert, unpromoted model versions and the
 * share of records that changed tier since the destination was last written. Pure reads; whether a
 * tripped gate stops the write (or --force passes it) is the caller's decision.
 */
export function evaluateGates(input: GateInput): GateReport {
  const verdict = staleness(input.freshness, input.safety.maxDataAge);
  const models: ModelReading[] = input.models.map((model) => ({
    model: model.name,
    entity: model.entity,
    health: modelHealth(input.db, input.registry, model.name),
    tierChanges: tierChangesSince(input.db, input.destination.key, model.name),
  }));
  const tripped: TrippedGate[] = [];
  if (verdict.stale) tripped.push({ gate: 'stale_data', model: null, message: staleMessage(verdict) });
  for (const reading of models) {
    tripped.push(...healthTrips(reading, input.safety));
    const trip = tierTrip(reading, input.safety, input.destination);
    if (trip) tripped.push(trip);
  }
  return {
    destination: input.destination,
    checkedAt: input.freshness.now,
    freshness: { ...verdict, source: input.freshness.source },
    models,
    tripped,
  };
}
