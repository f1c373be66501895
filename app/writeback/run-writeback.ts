import type { ScoreFieldMapping, WriteBackModel } from '../../connectors/registry.ts';
import type { Clock } from '../../core/clock.ts';
import type {
  DestinationConnector,
  FieldWriteIntent,
  WriteResult,
} from '../../core/connectors/destination.ts';
import type { Logger } from '../../core/logger.ts';
import type { Score, SourceRef } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import { noteCoveredChanges } from './covered-changes.ts';
import { planIntents } from './plan-intents.ts';

export interface WriteBackTarget {
  readonly name: string;
  readonly destination: DestinationConnector;
  readonly mapping: ScoreFieldMapping;
}

export interface WriteBackTally {
  readonly connector: string;
  readonly model: string;
  planned: number;
  /** Records written (in a preview: that would be written). */
  written: number;
  /** Of those, records whose CRM value had been edited since scorebridge wrote it. */
  repaired: number;
  unchanged: number;
  failed: number;
  readonly errors: string[];
}

export interface RunWriteBackOptions {
  readonly store: CanonicalStore;
  readonly targets: readonly WriteBackTarget[];
  readonly models: readonly WriteBackModel[];
  readonly tiers: readonly string[];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sleep: (ms: number) => Promise<void>;
  /** How often a record the provider asked us to retry later is tried again in this run. */
  readonly maxRetryRounds?: number;
  readonly pageSize?: number;
  /** Compare with the values each CRM holds now (read first) and repair values edited there (--full). */
  readonly verify?: boolean;
  /** Only decide what would be written: no field is created, nothing is sent or remembered (--dry-run). */
  readonly preview?: boolean;
}

/**
 * Writes every current score onto the CRM records its entity came from. Fields are created first
 * when missing; destinations send only values that changed, so an unchanged store writes nothing.
 * One failed record never stops the others: it is counted and reported with its id.
 */
export async function runWriteBack(options: RunWriteBackOptions): Promise<WriteBackTally[]> {
  const tallies: WriteBackTally[] = [];
  for (const target of options.targets) {
    for (const model of options.models) {
      const tally: WriteBackTally = {
        connector: target.name,
        model: model.name,
        planned: 0,
        written: 0,
        repaired: 0,
        unchanged: 0,
        failed: 0,
        errors: [],
      };
      tallies.push(tally);
      const prepared = new Set<string>();
      for await (const page of options.store.iterateCurrentScores(model.name, {
        batchSize: options.pageSize ?? 1000,
      })) {
        const scored = await withSources(options.store, model, page);
        const intents = planIntents(target.name, target.mapping, model, scored);
        if (intents.length === 0) continue;
        tally.planned += intents.length;
        if (options.preview) {
          await previewPage(target.destination, intents, tally, options.verify ?? false);
          continue;
        }
        for (const objectType of new Set(intents.map((intent) => intent.objectType))) {
          if (prepared.has(objectType)) continue;
          await target.destination.ensureScoreFields(
            objectType,
            target.mapping.fieldSpecs(model, options.tiers),
          );
          prepared.add(objectType);
        }
        await writeWithRetries(target, intents, tally, options);
      }
      if (!options.preview)
        options.logger.info({ ...tally, errors: tally.errors.length }, 'write-back finished');
    }
  }
  return tallies;
}

async function withSources(
  store: CanonicalStore,
  model: WriteBackModel,
  page: readonly Score[],
): Promise<{ score: Score; sources: SourceRef[] }[]> {
  const out: { score: Score; sources: SourceRef[] }[] = [];
  for (const score of page) {
    const entity =
      model.entity === 'contact'
        ? await store.getContact(score.entityId)
        : await store.getAccount(score.entityId);
    if (entity && entity.deletedAt === null && entity.mergedInto === null)
      out.push({ score, sources: entity.sources });
  }
  return out;
}

async function previewPage(
  destination: DestinationConnector,
  intents: readonly FieldWriteIntent[],
  tally: WriteBackTally,
  verify: boolean,
): Promise<void> {
  const previews = await destination.previewFields(intents, { verify });
  previews.forEach((preview, index) => {
    if (preview.status === 'unchanged') tally.unchanged++;
    else if (preview.status === 'write') {
      tally.written++;
      if (preview.repair) tally.repaired++;
    } else {
      tally.failed++;
      const intent = intents[index]!;
      if (tally.errors.length < 20)
        tally.errors.push(`${intent.objectType} ${intent.recordId}: ${preview.error}`);
    }
  });
}

async function writeWithRetries(
  target: WriteBackTarget,
  intents: readonly FieldWriteIntent[],
  tally: WriteBackTally,
  options: RunWriteBackOptions,
): Promise<void> {
  let pending = intents;
  for (let round = 0; pending.length > 0; round++) {
    const results = await target.destination.writeFields(pending, { verify: options.verify ?? false });
    await noteCoveredChanges(options.store, target.name, pending, results);
    const retry: FieldWriteIntent[] = [];
    let waitMs = 0;
    results.forEach((result: WriteResult, index) => {
      const intent = pending[index]!;
      if (result.status === 'ok') {
        if (result.skipped === 'unchanged') tally.unchanged++;
        else {
          tally.written++;
          if (result.repaired) tally.repaired++;
        }
      } else if (result.status === 'retry' && round < (options.maxRetryRounds ?? 3)) {
        retry.push(intent);
        waitMs = Math.max(waitMs, result.retryAfterMs);
      } else {
        tally.failed++;
        if (tally.errors.length < 20)
          tally.errors.push(`${intent.objectType} ${intent.recordId}: ${result.error}`);
      }
    });
    pending = retry;
    if (pending.length > 0) await options.sleep(waitMs);
  }
}
