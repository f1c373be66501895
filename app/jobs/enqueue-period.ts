import { createSourceConnector } from '../../connectors/registry.ts';
import { specsFromConfig } from '../../scoring/models/model-specs.ts';
import type { LoadedConfig } from '../config/index.ts';
import type { Period } from './job-kind.ts';
import type { JobPayload, JobQueue } from './queue.ts';
import { SCORED_MODELS } from './score-job.ts';

/** What a schedule tick enqueues: the `schedules.*` entry that came due. */
export type ScheduledWork = 'sync' | 'score' | 'workflows';

export interface EnqueueResult {
  /** Jobs this call added. */
  readonly added: readonly string[];
  /** Jobs another scheduler had already added for the same period. */
  readonly present: readonly string[];
}

/** Every configured stream, as `connector.stream`, in the order a sync reads them. */
export function configuredStreams(loaded: LoadedConfig): string[] {
  const order = { account: 0, contact: 1, deal: 2, event: 3 } as const;
  return Object.entries(loaded.config.connectors)
    .flatMap(([name, config]) =>
      createSourceConnector(name, config, { configDir: loaded.configDir })
        .streams()
        .map((stream) => ({ name: `${name}.${stream.name}`, rank: order[stream.kind] })),
    )
    .sort((a, b) => a.rank - b.rank)
    .map((stream) => stream.name);
}

/** The enabled model kinds, each scored by its own job. */
export function scoredModels(loaded: LoadedConfig): Array<(typeof SCORED_MODELS)[number]> {
  const kinds = new Set(
    specsFromConfig(loaded.config.scoring.models)
      .filter((spec) => spec.enabled)
      .map((spec) => spec.kind),
  );
  return SCORED_MODELS.filter((kind) => kinds.has(kind));
}

/**
 * Enqueues one period's jobs: a sync job per stream, a score job per model (each queues the
 * warehouse publishes when it is done), or a workflow tick per partition (jobs.workflowPartitions). Ids come from kind, key and period,
 * so a second scheduler enqueueing the same period adds nothing.
 */
export async function enqueuePeriod(
  queue: JobQueue,
  loaded: LoadedConfig,
  work: ScheduledWork,
  period: Period,
): Promise<EnqueueResult> {
  const added: string[] = [];
  const present: string[] = [];
  const add = async (kind: 'sync' | 'score' | 'workflows', payload: JobPayload, words: string) =>
    ((await queue.enqueue(kind, payload)) ? added : present).push(words);
  if (work === 'sync')
    for (const stream of configuredStreams(loaded)) await add('sync', { stream, period }, `sync ${stream}`);
  if (work === 'score')
    for (const model of scoredModels(loaded)) await add('score', { model, period }, `score ${model}`);
  if (work === 'workflows') {
    const count = loaded.config.jobs.workflowPartitions;
    for (let index = 0; index < count; index += 1) {
      const words = count === 1 ? 'workflow tick' : `workflow tick, part ${index + 1} of ${count}`;
      await add('workflows', { period, partition: { index, count } }, words);
    }
  }
  return { added, present };
}
