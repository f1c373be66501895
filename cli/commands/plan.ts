import type { Command } from 'commander';
import { systemClock } from '../../core/clock.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_OK,
  type ExitCode,
  processIo,
} from './command-io.ts';
import { runGuarded } from './guarded.ts';
import { describeWorkflow, planCounts, planEntries, planReasons } from './plan-format.ts';
import { parseAsOfOption } from './scoring-context.ts';
import { withWorkflowSession } from './workflow-session.ts';

export interface PlanCliOptions {
  readonly config: string;
  readonly asOf?: string;
  readonly entity?: string;
  readonly workflow?: string;
  readonly limit: number;
  readonly json?: boolean;
}

/** Read-only: what the next workflow run would do at --as-of, to whom and when, and why not for the rest. */
export async function runPlan(options: PlanCliOptions, io: CommandIo): Promise<void> {
  await runGuarded(io, async () => {
    const { planWorkflows } = await import('../../app/workflows/plan-workflows.ts');
    return withWorkflowSession(options.config, io, async (session, loaded): Promise<ExitCode> => {
      const asOf = new Date(options.asOf ?? systemClock.now().toISOString());
      const entries = await planWorkflows({
        store: session.store,
        setup: session.setup,
        consent: loaded.config.email?.consent ?? 'explicit_opt_in',
        csms: loaded.config.email?.csms ?? [],
        asOf,
        ...(options.entity ? { entity: options.entity } : {}),
        ...(options.workflow ? { workflow: options.workflow } : {}),
      });
      if (options.json) {
        io.stdout(JSON.stringify({ asOf: asOf.toISOString(), entries }, null, 2));
        return EXIT_OK;
      }
      const workflows = session.setup.workflows.filter(
        (w) => !options.workflow || w.name === options.workflow,
      );
      io.stdout(`Plan as of ${asOf.toISOString()} (nothing is written)\n`);
      for (const workflow of workflows) io.stdout(`${describeWorkflow(workflow)}\n`);
      io.stdout(`${planCounts(entries)}\n`);
      io.stdout(`Why not / why later:\n${planReasons(entries)}\n`);
      io.stdout(
        `Next actions (first ${options.limit}; --json for all):\n${planEntries(entries, options.limit)}`,
      );
      return EXIT_OK;
    });
  });
}

export function registerPlan(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('plan')
    .description(
      'show what the workflows would do next, to whom and when, and why not for the others (read-only)',
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--as-of <date>', 'plan as of this instant (ISO date or date-time); default now', parseAsOfOption)
    .option('--entity <id>', 'only this entity (id or type:id)')
    .option('--workflow <name>', 'only this workflow')
    .option('--limit <n>', 'entities listed', (value) => Number.parseInt(value, 10), 25)
    .option('--json', 'print every entry as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: PlanCliOptions) => runPlan(options, io));
}
