import { createServer, type Server } from 'node:http';
import type { Command } from 'commander';
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

interface WorkerOptions {
  readonly config: string;
  readonly concurrency?: string;
  readonly queues?: string;
  readonly metricsPort?: string;
  readonly json?: boolean;
}

export const WORKER_DESCRIPTION =
  'run queued jobs (sync, score, publish, write-back, workflow ticks, outbox) from the shared Postgres store; start any number on any number of hosts';

function parseKinds(value: string | undefined, io: CommandIo): readonly JobKind[] | undefined {
  if (value === undefined) return JOB_KINDS;
  const kinds = value
    .split(',')
    .map((kind) => kind.trim())
    .filter(Boolean);
  const unknown = kinds.filter((kind) => !(JOB_KINDS as readonly string[]).includes(kind));
  if (unknown.length === 0 && kinds.length > 0) return kinds as JobKind[];
  io.stderr(
    `--queues: unknown kind ${unknown.map((k) => `'${k}'`).join(', ') || '(none given)'}; the kinds are ${JOB_KINDS.join(', ')}`,
  );
  return undefined;
}

function parseWhole(
  value: string | undefined,
  flag: string,
  max: number,
  io: CommandIo,
): number | null | undefined {
  if (value === undefined) return null;
  const number = Number(value);
  if (Number.isInteger(number) && number >= 1 && number <= max) return number;
  io.stderr(`${flag}: "${value}" is not a whole number from 1 to ${max}`);
  return undefined;
}

/** /metrics on loopback for Prometheus: this worker's job latency and failures, the queue's depth. */
function serveMetrics(port: number, registry: import('prom-client').Registry): Promise<Server> {
  const server = createServer(async (request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end('only /metrics here\n');
      return;
    }
    try {
      const body = await registry.metrics();
      response.writeHead(200, { 'content-type': registry.contentType }).end(body);
    } catch (error) {
      response.writeHead(500).end(`metrics unavailable: ${(error as Error).message}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

export async function runWorker(options: WorkerOptions, io: CommandIo): Promise<ExitCode> {
  const kinds = parseKinds(options.queues, io);
  const concurrency = parseWhole(options.concurrency, '--concurrency', 64, io);
  const metricsPort = parseWhole(options.metricsPort, '--metrics-port', 65_535, io);
  if (!kinds || concurrency === undefined || metricsPort === undefined) return EXIT_INVALID_INPUT;
  const [
    { loadConfig },
    { openJobQueue, JobQueueUnavailableError },
    { startWorker },
    { createLogger },
    { systemClock },
  ] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../app/jobs/queue.ts'),
    import('../../app/jobs/worker.ts'),
    import('../../core/logger.ts'),
    import('../../core/clock.ts'),
  ]);
  const loaded = await loadConfig(options.config, io.env);
  const { store, jobs } = loaded.config;
  if (store.type !== 'postgres') {
    io.stderr(`${loaded.displayFile}: ${new JobQueueUnavailableError('scorebridge worker').message}`);
    return EXIT_INVALID_INPUT;
  }
  const logger = createLogger({ level: io.env.SCOREBRIDGE_LOG_LEVEL ?? 'info' });
  const queue = await openJobQueue(store, jobs, { supervise: true }, 'scorebridge worker');
  const [{ Registry, collectDefaultMetrics }, { createJobMetrics }, { createJobHandlers }] =
    await Promise.all([
      import('prom-client'),
      import('../../app/jobs/metrics.ts'),
      import('./worker-handlers.ts'),
    ]);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'scorebridge_worker_' });
  const db = queue.boss.getDb();
  const metrics = createJobMetrics(registry, (text, values) => db.executeSql(text, values));
  const server = metricsPort === null ? undefined : await serveMetrics(metricsPort, registry);
  const handlers = createJobHandlers({
    configFile: options.config,
    loaded,
    queue,
    clock: systemClock,
    logger,
    env: io.env,
  });
  const perKind = concurrency ?? jobs.concurrency;
  await startWorker({ queue, handlers, kinds, concurrency: perKind, clock: systemClock, logger, metrics });
  if (options.json)
    io.stdout(
      JSON.stringify({ worker: 'started', kinds, concurrency: perKind, metricsPort: metricsPort ?? null }),
    );
  else
    io.stdout(
      `worker taking ${kinds.join(', ')} jobs, up to ${perKind} of each kind at once${server ? `; metrics on http://127.0.0.1:${metricsPort}/metrics` : ''}; SIGTERM or Ctrl-C finishes the running jobs and stops`,
    );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  io.stdout(
    'stopping: no new jobs are taken; running jobs finish (or go back to the queue after the grace period)',
  );
  // Graceful: running jobs get the longest lease to finish; what is still running then is left to
  // lapse and is taken over by another worker.
  await queue.stop({ graceful: true, timeoutMs: Math.max(jobs.leaseSeconds, 30) * 1000 });
  server?.close();
  return EXIT_OK;
}

export function registerWorker(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('worker')
    .description(WORKER_DESCRIPTION)
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--concurrency <n>', 'jobs of each kind run at once in this process (default: jobs.concurrency)')
    .option('--queues <kinds>', `only these kinds, comma-separated (${JOB_KINDS.join(', ')})`)
    .option('--metrics-port <port>', 'serve /metrics for Prometheus on 127.0.0.1:<port> (off by default)')
    .option('--json', 'print the start and stop as JSON lines (job logs are JSON lines outside a terminal)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: WorkerOptions) => {
      await runGuarded(io, () => runWorker(options, io));
    });
}
