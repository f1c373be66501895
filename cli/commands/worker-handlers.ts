import type { LoadedConfig } from '../../app/config/index.ts';
import type { OutboxPayload } from '../../app/jobs/outbox-job.ts';
import type { PublishPayload } from '../../app/jobs/publish-job.ts';
import type { JobQueue } from '../../app/jobs/queue.ts';
import { runSyncJob } from '../../app/jobs/run-sync-job.ts';
import type { ScorePayload } from '../../app/jobs/score-job.ts';
import type { SyncPayload } from '../../app/jobs/sync-job.ts';
import type { JobHandlers } from '../../app/jobs/worker.ts';
import type { WorkflowsPayload } from '../../app/jobs/workflows-job.ts';
import type { WriteBackPayload } from '../../app/jobs/writeback-job.ts';
import type { Clock } from '../../core/clock.ts';
import { realSleep } from '../../core/limits/sleep.ts';
import type { Logger } from '../../core/logger.ts';
import { type CommandIo, EXIT_OK, type ExitCode } from './command-io.ts';

/** Rounds of one outbox drain: a peer that keeps failing cannot hold the job for long. */
const OUTBOX_ROUNDS = 20;
const OUTBOX_BATCH = 1_000;

export interface HandlerDeps {
  readonly configFile: string;
  readonly loaded: LoadedConfig;
  readonly queue: JobQueue;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly env: Record<string, string | undefined>;
}

/** A command's output and exit code, captured: a job runs the very function its command runs. */
function captured(env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: ExitCode = EXIT_OK;
  const io: CommandIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  return {
    io,
    exitCode: () => exitCode,
    failure: (what: string) =>
      new Error(`${what}: ${(err.join(' ').trim() || 'it ended with an error').split('\n')[0]}`),
  };
}

/**
 * Each kind of job calls the function its command calls (`sync`, `score`, `publish`, `writeback`,
 * `workflows run`, the relay). Writes pass the same safety gates as the commands, never forced: a
 * held write is the job's result, reported, not retried.
 */
export function createJobHandlers(deps: HandlerDeps): JobHandlers {
  const { configFile: config, loaded, env } = deps;
  return {
    sync: (payload: SyncPayload, { signal }) =>
      runSyncJob(loaded, payload, { clock: deps.clock, logger: deps.logger, signal }),
    async score(payload: ScorePayload) {
      if (payload.partition.count > 1)
        throw new Error(
          'scoring walks every entity of a model in one job; enqueue score jobs with partition count 1',
        );
      const { runScore } = await import('./score.ts');
      const run = captured(env);
      await runScore({ config, model: payload.model, json: true, words: false }, {}, run.io);
      if (run.exitCode() !== EXIT_OK) throw run.failure(`score ${payload.model}`);
      // Each scored model queues a publish per warehouse; one still waiting covers the next.
      const { warehouseConnectors } = await import('../../app/warehouse/publish-scores.ts');
      for (const connector of warehouseConnectors(loaded))
        await deps.queue.follow('publish', { connector, period: payload.period });
      return `scored ${payload.model}`;
    },
    async publish(payload: PublishPayload) {
      const { publishFromConfig } = await import('./publish.ts');
      const run = captured(env);
      const result = await publishFromConfig({ config, connector: [payload.connector], json: true }, run.io);
      if (result.held.length > 0) return `held by safety gates: ${heldWords(result.gates)}`;
      const rows = result.tallies.reduce((sum, tally) => sum + tally.rows, 0);
      const merged = result.tallies.reduce((sum, tally) => sum + tally.merged, 0);
      return `published ${rows} scores to ${payload.connector} (${merged} changed)`;
    },
    async writeback(payload: WriteBackPayload) {
      const { writeBackFromConfig, exitCodeOf } = await import('./writeback.ts');
      const run = captured(env);
      const result = await writeBackFromConfig(
        { config, connector: [payload.connector], full: payload.full, json: true },
        run.io,
      );
      if (result.held.length > 0) return `held by safety gates: ${heldWords(result.gates)}`;
      if (exitCodeOf(result) !== EXIT_OK) throw run.failure(`write-back to ${payload.connector}`);
      const written = result.tallies.reduce((sum, tally) => sum + tally.written, 0);
      return `wrote ${written} scores back to ${payload.connector}`;
    },
    async workflows(payload: WorkflowsPayload) {
      const [{ openWorkflowEngine }, { gatedEngineRun }] = await Promise.all([
        import('../../app/workflows/open-session.ts'),
        import('../../app/safety/gated-engine-run.ts'),
      ]);
      const session = await openWorkflowEngine(loaded, {
        clock: deps.clock,
        logger: deps.logger,
        sleep: realSleep,
        env,
        // Ticks of different partitions run at once on different workers (workflows/engine/partition.ts).
        ...(payload.partition.count > 1 ? { partition: payload.partition } : {}),
      });
      try {
        const run = await gatedEngineRun(
          { ...session, loaded, clock: deps.clock, logger: deps.logger },
          'job',
        );
        if (run.held) return `held by safety gates: ${run.tripped.map((trip) => trip.message).join('; ')}`;
        const { formatRunSummary } = await import('./workflow-run-format.ts');
        return formatRunSummary(run.summary).split('\n')[0] ?? 'workflows ran';
      } finally {
        await session.close();
      }
    },
    async outbox(_payload: OutboxPayload) {
      const { openWorkflowEngine } = await import('../../app/workflows/open-session.ts');
      const session = await openWorkflowEngine(loaded, {
        clock: deps.clock,
        logger: deps.logger,
        sleep: realSleep,
        env,
        // A relay needs no runner lease: it can deliver while workflow ticks run.
        relayOnly: true,
      });
      try {
        const rounds = await session.engine.relay.drain(OUTBOX_BATCH, OUTBOX_ROUNDS);
        const sent = rounds.reduce((sum, round) => sum + round.sent, 0);
        const failed = rounds.reduce((sum, round) => sum + round.failed + round.deadLettered, 0);
        return `outbox: ${sent} delivered, ${failed} failed or out of retries`;
      } finally {
        await session.close();
      }
    },
  };
}

function heldWords(gates: ReadonlyArray<{ tripped: ReadonlyArray<{ message: string }> }>): string {
  return gates.flatMap((gate) => gate.tripped.map((trip) => trip.message)).join('; ');
}
