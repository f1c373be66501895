import type { Command } from 'commander';
import { systemClock } from '../../core/clock.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  EXIT_RUNTIME_FAILURE,
  type ExitCode,
  processIo,
} from './command-io.ts';
import { runGuarded } from './guarded.ts';
import { withWorkflowSession } from './workflow-session.ts';

interface ResolveFlags {
  readonly config: string;
  readonly all?: boolean;
  readonly delivered?: boolean;
  readonly resend?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

const RESOLVE_HELP = `
An unknown outcome means the process stopped after handing a side effect to the mail server, the CRM
or a webhook and before it could record the answer: it may or may not have happened. Nothing resends
it on its own, and the enrollment's sequence waits at its next step until it is resolved.

  --delivered  the mail log, the CRM or the receiver shows it happened: mark it sent; the sequence goes on
  --resend     it did not happen (or the receiver drops repeats): queue it again under the same key, so an
               email keeps its Message-ID and a HubSpot or Salesforce task is found, not created twice;
               the next workflow run (\`scorebridge workflows run\` or the scheduler) delivers it

Examples:
  scorebridge outbox resolve --all --delivered --dry-run   list every unknown row with its Message-ID
  scorebridge outbox resolve 812 815 --delivered          the mail log shows them accepted
  scorebridge outbox resolve 820 --resend                 not in the log: send again, same Message-ID`;

export const OUTBOX_DESCRIPTION =
  'side effects whose outcome is unknown after a crash: mark them delivered or resend them (same Message-ID)';

export function registerOutbox(program: Command, io: CommandIo = processIo): Command {
  const group = program.command('outbox').description(OUTBOX_DESCRIPTION);
  group
    .command('resolve')
    .description('settle unknown outcomes: --delivered marks them sent, --resend queues them again')
    .argument('[ids...]', 'outbox row ids (listed by `scorebridge workflows status`)')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--all', 'every row whose outcome is unknown')
    .option('--delivered', 'it happened: mark it sent, and let the sequence go on')
    .option('--resend', 'send it again under the same idempotency key (same Message-ID)')
    .option('--dry-run', 'show what would be resolved, with each email’s Message-ID; change nothing')
    .option('--json', 'print the resolved and refused rows as JSON')
    .addHelpText('after', `${RESOLVE_HELP}\n${EXIT_CODES_HELP}`)
    .action(async (ids: string[], options: ResolveFlags) => {
      await runGuarded(io, () => resolveCommand(ids, options, io));
    });
  return group;
}

function usageError(io: CommandIo, message: string): ExitCode {
  io.stderr(`${message}\nSee \`scorebridge outbox resolve --help\`.`);
  return EXIT_INVALID_INPUT;
}

async function resolveCommand(ids: string[], options: ResolveFlags, io: CommandIo): Promise<ExitCode> {
  const numbers = ids.map((id) => Number(id));
  const bad = ids.find((_, index) => !Number.isInteger(numbers[index]) || numbers[index]! <= 0);
  if (bad !== undefined) return usageError(io, `"${bad}" is not an outbox row id (a positive whole number)`);
  if (options.all && numbers.length > 0) return usageError(io, 'give row ids or --all, not both');
  if (!options.all && numbers.length === 0)
    return usageError(io, 'give the outbox row ids to resolve, or --all');
  if (options.delivered === options.resend)
    return usageError(io, 'say what happened: --delivered (it arrived) or --resend (send it again)');
  const resolution = options.delivered ? 'delivered' : 'resend';
  const [{ resolveUnknown, loadRow }, { describeOutboxRow }, { releaseHeldEnrollments }] = await Promise.all([
    import('../../workflows/outbox/index.ts'),
    import('./outbox-format.ts'),
    import('../../workflows/engine/index.ts'),
  ]);
  return withWorkflowSession(options.config, io, async (session, loaded) => {
    const db = session.store.database;
    const result = resolveUnknown(db, options.all ? 'all' : numbers, {
      resolution,
      now: systemClock.now(),
      by: 'cli',
      dryRun: options.dryRun ?? false,
    });
    // The sequences these rows held go on at the next workflow run, not a quarter of an hour later.
    if (!options.dryRun)
      releaseHeldEnrollments(
        db,
        result.resolved.map((row) => row.id),
        systemClock.now(),
      );
    const sendingDomain = loaded.config.email?.from.address.split('@')[1];
    const rows = result.resolved.map((resolved) =>
      describeOutboxRow(loadRow(db, resolved.id)!, sendingDomain),
    );
    if (options.json) {
      io.stdout(
        JSON.stringify(
          { dryRun: options.dryRun ?? false, resolution, resolved: rows, refused: result.refused },
          null,
          2,
        ),
      );
    } else {
      io.stdout(formatResolved(rows, resolution, options.dryRun ?? false));
    }
    for (const refused of result.refused) io.stderr(`row ${refused.id}: ${refused.reason}`);
    return result.refused.length > 0 ? EXIT_RUNTIME_FAILURE : EXIT_OK;
  });
}

function formatResolved(
  rows: ReadonlyArray<{ id: number; summary: string }>,
  resolution: 'delivered' | 'resend',
  dryRun: boolean,
): string {
  const verb =
    resolution === 'delivered'
      ? dryRun
        ? 'would be marked delivered'
        : 'marked delivered; their sequences go on at the next workflow run'
      : dryRun
        ? 'would be queued to send again under the same key'
        : 'queued to send again under the same key; the next workflow run delivers them';
  const head = `${dryRun ? 'Dry run: nothing was changed. ' : ''}${rows.length} ${rows.length === 1 ? 'row' : 'rows'} ${verb}${rows.length > 0 ? ':' : '.'}`;
  return [head, ...rows.map((row) => `  ${row.id}  ${row.summary}`)].join('\n');
}
