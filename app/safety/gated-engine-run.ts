import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { SqliteCanonicalStore } from '../../core/store/sqlite/index.ts';
import type { LoadedConfig } from '../config/index.ts';
import type { WorkflowSetup } from '../workflows/load-setup.ts';
import type { WorkflowEngine, WorkflowRunSummary } from '../workflows/workflow-engine.ts';
import type { TrippedGate } from './gates.ts';
import { destinations, gatedModels, openWriteGates } from './write-gates.ts';

export interface ScheduledRunDeps {
  readonly store: SqliteCanonicalStore;
  readonly loaded: LoadedConfig;
  readonly setup: WorkflowSetup;
  readonly engine: WorkflowEngine;
  readonly clock: Clock;
  readonly logger: Logger;
}

export type ScheduledRun =
  | { readonly held: false; readonly summary: WorkflowRunSummary }
  | { readonly held: true; readonly tripped: readonly TrippedGate[] };

/**
 * One workflow run of a runner on a schedule (`workflows run --watch`, `schedule`, `serve --engine`),
 * after the same gates as `workflows run`. A hold is logged as a warning naming every tripped gate,
 * and the next tick checks again; a schedule is never forced (`workflows run --force` forces one run).
 */
export async function gatedEngineRun(deps: ScheduledRunDeps, trigger: string): Promise<ScheduledRun> {
  const gates = openWriteGates(deps.store, deps.loaded, deps.clock);
  const models = gatedModels(deps.loaded, deps.setup.triggerModels);
  const report = gates.check(destinations.workflows, models);
  if (report.tripped.length > 0) {
    deps.logger.warn(
      { trigger, gates: report.tripped.map((trip) => trip.message) },
      'workflow run held by safety gates; nothing was enrolled or sent (run `scorebridge workflows run --dry-run` to see why, --force to run once anyway)',
    );
    return { held: true, tripped: report.tripped };
  }
  const summary = await deps.engine.runOnce(trigger);
  gates.written(destinations.workflows, models);
  return { held: false, summary };
}
