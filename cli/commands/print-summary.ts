import path from 'node:path';
import type { LoadedConfig } from '../../app/config/index.ts';
import type { RunSummary } from '../../app/summary/run-summary.ts';
import type { WorkflowRunSummary } from '../../app/workflows/workflow-engine.ts';
import { type CommandIo, DEFAULT_CONFIG_FILE } from './command-io.ts';
import { openConfiguredSession } from './scoring-context.ts';
import { formatSummary, type NextSteps } from './summary-format.ts';

export interface SummaryOptions {
  readonly config: string;
  /** This run of the workflows, when they ran. */
  readonly workflows?: WorkflowRunSummary | null;
  /** Quickstart: also say how to go from the demo to your own data. */
  readonly ownData?: boolean;
}

function nextSteps(loaded: LoadedConfig, options: SummaryOptions): NextSteps {
  const { host, port } = loaded.config.server;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const outDir =
    loaded.config.email?.transport.type === 'dry_run' ? loaded.config.email.transport.dir : undefined;
  const configFlag =
    path.resolve(options.config) === path.resolve(DEFAULT_CONFIG_FILE) ? '' : ` -c ${options.config}`;
  return {
    dashboardUrl: `http://${shownHost}:${port}/dashboard`,
    configFlag,
    ...(outDir ? { emailDir: path.relative(process.cwd(), path.resolve(loaded.configDir, outDir)) } : {}),
    ...(options.ownData ? { ownData: true } : {}),
  };
}

/** Reads the summary of the store and models the config names (read-only). */
export async function readRunSummary(
  options: SummaryOptions,
  io: CommandIo,
): Promise<{ summary: RunSummary; next: NextSteps }> {
  const { collectRunSummary } = await import('../../app/summary/run-summary.ts');
  const session = await openConfiguredSession({ config: options.config }, {}, io.env);
  try {
    const summary = await collectRunSummary({
      store: session.store,
      registry: session.registry,
      specs: session.specs,
      workflows: options.workflows ?? null,
    });
    return { summary, next: nextSteps(session.loaded!, options) };
  } finally {
    await session.close();
  }
}

/** Prints the marketer's summary of the main job, or its JSON (documented in the README). */
export async function printRunSummary(
  options: SummaryOptions & { readonly json?: boolean },
  io: CommandIo,
): Promise<RunSummary> {
  const { summary, next } = await readRunSummary(options, io);
  io.stdout(options.json ? JSON.stringify(summary, null, 2) : `\n${formatSummary(summary, next)}`);
  return summary;
}
