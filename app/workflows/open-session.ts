import type { Clock } from '../../core/clock.ts';
import { type ConfigEnv, ConfigError } from '../../core/config/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { SqliteCanonicalStore } from '../../core/store/sqlite/index.ts';
import type { EmailTransport } from '../../workflows/email/index.ts';
import type { TickPartition } from '../../workflows/engine/index.ts';
import type { LoadedConfig } from '../config/index.ts';
import { openSharedLimits } from '../shared-limits.ts';
import { openProductStore } from '../store.ts';
import { loadWorkflowSetup, type WorkflowSetup } from './load-setup.ts';
import { WorkflowEngine } from './workflow-engine.ts';

export interface WorkflowSessionOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sleep: (ms: number) => Promise<void>;
  readonly env?: ConfigEnv;
  readonly random?: () => number;
  readonly emailTransport?: EmailTransport;
  /** Runs only this partition's entities (WorkflowEngineDeps.partition); other partitions may run at once. */
  readonly partition?: TickPartition;
  /** Only delivers the outbox: no runner lease (WorkflowEngineDeps.relayOnly). */
  readonly relayOnly?: boolean;
}

export interface WorkflowSession {
  readonly store: SqliteCanonicalStore;
  readonly setup: WorkflowSetup;
  close(): Promise<void>;
}

/** A workflow that sends email needs the `email:` section; say so at the config file, not at send time. */
export function requireEmailConfig(loaded: LoadedConfig, setup: WorkflowSetup): void {
  if (loaded.config.email) return;
  const sender = setup.workflows.find((workflow) =>
    workflow.steps.some((step) => step.action === 'send_email'),
  );
  if (sender)
    throw new ConfigError({
      file: loaded.displayFile,
      line: 1,
      column: 1,
      path: 'email',
      message: `workflow ${sender.name} (${sender.file}) sends email, but the config has no email section`,
      hint: 'add `email:` with from, transport (dry_run to try it) and unsubscribe; see config/scorebridge.yaml',
    });
}

/** Store and checked workflows, read-only: what plan and status need. */
export async function openWorkflowSession(
  loaded: LoadedConfig,
  options: WorkflowSessionOptions,
): Promise<WorkflowSession> {
  const setup = await loadWorkflowSetup(loaded, options.env);
  requireEmailConfig(loaded, setup);
  const store = await openProductStore(loaded.config.store, options.clock, loaded.config.identity);
  return { store, setup, close: () => store.close() };
}

/** The above plus the engine: takes the single-runner lease and recovers what a crash left behind. */
export async function openWorkflowEngine(
  loaded: LoadedConfig,
  options: WorkflowSessionOptions,
): Promise<WorkflowSession & { engine: WorkflowEngine }> {
  const session = await openWorkflowSession(loaded, options);
  const limits = openSharedLimits(loaded.config.store, options.clock, options.sleep);
  try {
    const engine = new WorkflowEngine({
      ...(limits.crm ? { sharedLimits: limits.crm } : {}),
      loaded,
      store: session.store,
      setup: session.setup,
      clock: options.clock,
      logger: options.logger,
      sleep: options.sleep,
      ...(options.random ? { random: options.random } : {}),
      ...(options.emailTransport ? { emailTransport: options.emailTransport } : {}),
      ...(options.partition ? { partition: options.partition } : {}),
      ...(options.relayOnly ? { relayOnly: true } : {}),
    });
    return {
      ...session,
      engine,
      async close() {
        await engine.close();
        await session.close();
        await limits.close();
      },
    };
  } catch (error) {
    await session.close();
    await limits.close();
    throw error;
  }
}
