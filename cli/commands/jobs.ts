import type { Command } from 'commander';
import type { LoadedConfig } from '../../app/config/index.ts';
import { JOB_KINDS, type JobKind } from '../../app/jobs/kinds.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  type ExitCode,
  processIo,
} from './command-io.ts';
import { runGuarded } from './guarded.ts';

export const JOBS_DESCRIPTION =
  'the shared job queue: what waits, what runs, what failed lately and why (Postgres store); `jobs add` queues one job now';

interface StatusOptions {
  readonly config: string;
  readonly json?: boolean;
}

interface AddOptions {
  readonly config: string;
  readonly stream?: string;
  readonly model?: string;
  readonly connector?: string;
  readonly full?: boolean;
  readonly json?: boolean;
}

async function openQueue(configFile: string, io: CommandIo, command: string) {
  const [{ loadConfig }, { openJobQueue, JobQueueUnavailableError }] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../app/jobs/queue.ts'),
  ]);
  const loaded = await loadConfig(configFile, io.env, { withoutEmailSecrets: true });
  if (loaded.config.store.type !== 'postgres') {
    io.stderr(`${loaded.displayFile}: ${new JobQueueUnavailableError(command).message}`);
    return undefined;
  }
  return {
    loaded,
    queue: await openJobQueue(loaded.config.store, loaded.config.jobs, { supervise: false }, command),
  };
}

async function showStatus(options: StatusOptions, io: CommandIo): Promise<ExitCode> {
  const opened = await openQueue(options.config, io, 'scorebridge jobs');
  if (!opened) return EXIT_INVALID_INPUT;
  const [{ readJobsStatus }, { formatJobsStatus }] = await Promise.all([
    import('../../app/jobs/status.ts'),
    import('../../app/jobs/status-format.ts'),
  ]);
  try {
    const db = opened.queue.boss.getDb();
    const status = await readJobsStatus((text, values) => db.executeSql(text, values), new Date());
    io.stdout(options.json ? JSON.stringify(status, null, 2) : formatJobsStatus(status));
    return EXIT_OK;
  } finally {
    await opened.queue.stop({ graceful: false });
  }
}

/** The payload `jobs add <kind>` queues, from its flags; a missing flag is named. */
function payloadFor(kind: JobKind, options: AddOptions, period: string): Record<string, unknown> | string {
  if (kind === 'sync')
    return options.stream
      ? { stream: options.stream, full: options.full ?? false, period }
      : 'sync needs --stream connector.stream';
  if (kind === 'score')
    return options.model ? { model: options.model, period } : 'score needs --model (lead, churn, ltv or nba)';
  if (kind === 'publish' || kind === 'writeback')
    return options.connector
      ? {
          connector: options.connector,
          ...(kind === 'writeback' ? { full: options.full ?? false } : {}),
          period,
        }
      : `${kind} needs --connector <name>`;
  return { period };
}

/** A stream or connector the config does not have, in words; undefined when the job names real ones. */
async function unknownTarget(
  loaded: LoadedConfig,
  kind: JobKind,
  payload: Record<string, unknown>,
): Promise<string | undefined> {
  if (kind === 'sync') {
    const { configuredStreams } = await import('../../app/jobs/enqueue-period.ts');
    const streams = configuredStreams(loaded);
    if (!streams.includes(String(payload.stream)))
      return `no stream '${payload.stream}'; the configured streams are ${streams.join(', ')}`;
  }
  if (
    (kind === 'publish' || kind === 'writeback') &&
    !(String(payload.connector) in loaded.config.connectors)
  )
    return `no connector '${payload.connector}'; the connectors are ${Object.keys(loaded.config.connectors).join(', ')}`;
  return undefined;
}

async function addJob(kindName: string, options: AddOptions, io: CommandIo): Promise<ExitCode> {
  if (!(JOB_KINDS as readonly string[]).includes(kindName)) {
    io.stderr(`unknown kind '${kindName}'; the kinds are ${JOB_KINDS.join(', ')}`);
    return EXIT_INVALID_INPUT;
  }
  const kind = kindName as JobKind;
  // Jobs added by hand within one minute are the same request: a double submit queues one.
  const period = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const payload = payloadFor(kind, options, period);
  if (typeof payload === 'string') {
    io.stderr(payload);
    return EXIT_INVALID_INPUT;
  }
  const opened = await openQueue(options.config, io, 'scorebridge jobs add');
  if (!opened) return EXIT_INVALID_INPUT;
  try {
    const { JOB_DEFINITIONS } = await import('../../app/jobs/definitions.ts');
    const parsed = JOB_DEFINITIONS[kind].payload.safeParse(payload);
    if (!parsed.success) {
      io.stderr(
        `${kind}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ')}`,
      );
      return EXIT_INVALID_INPUT;
    }
    const unknown = await unknownTarget(opened.loaded, kind, parsed.data as Record<string, unknown>);
    if (unknown) {
      io.stderr(`${opened.loaded.displayFile}: ${unknown}`);
      return EXIT_INVALID_INPUT;
    }
    const words = JOB_DEFINITIONS[kind].describe(parsed.data);
    const added = await opened.queue.enqueue(kind, { ...payload, period });
    io.stdout(
      options.json
        ? JSON.stringify({ job: words, kind, queued: added, payload: parsed.data })
        : added
          ? `queued: ${words}; a worker picks it up`
          : `${words} was already queued this minute`,
    );
    return EXIT_OK;
  } finally {
    await opened.queue.stop({ graceful: false });
  }
}

export function registerJobs(program: Command, io: CommandIo = processIo): Command {
  const jobs = program
    .command('jobs')
    .description(JOBS_DESCRIPTION)
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--json', 'print the counts, running jobs and recent failures as JSON')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: StatusOptions) => {
      await runGuarded(io, () => showStatus(options, io));
    });
  jobs
    .command('add <kind>')
    .description(`queue one job now (${JOB_KINDS.join(', ')}); writes still pass the safety gates`)
    .option('--stream <name>', 'sync: the stream, as connector.stream')
    .option('--model <kind>', 'score: lead, churn, ltv or nba')
    .option('--connector <name>', 'publish / writeback: the warehouse or CRM connector')
    .option('--full', 'sync: re-read from the beginning; writeback: repair values edited in the CRM')
    .option('--json', 'print whether the job was queued, with its payload, as JSON')
    .action(async (kind: string, options: Omit<AddOptions, 'config'>) => {
      // --config belongs to `jobs` (commander reads it there wherever it is written).
      const { config } = jobs.opts<StatusOptions>();
      await runGuarded(io, () => addJob(kind, { ...options, config }, io));
    });
  return jobs;
}
