import cluster from 'node:cluster';
import type { Command } from 'commander';
import type { ExtraRouter } from '../../app/server/create-server.ts';
import type { Metrics } from '../../app/server/metrics.ts';
import type { ServerDeps } from '../../app/server/server-deps.ts';
import { type CommandIo, DEFAULT_CONFIG_FILE, EXIT_CODES_HELP, EXIT_OK, processIo } from './command-io.ts';
import { runGuarded } from './guarded.ts';

export interface ServeCliOptions {
  readonly config: string;
  readonly engine?: boolean;
  readonly port?: number;
  readonly json?: boolean;
}

/** What `serve` says on stdout: sentences, or one JSON line each with --json. */
function announcer(io: CommandIo, json: boolean | undefined) {
  return {
    listening: (url: string, engine: boolean, workers: number) =>
      io.stdout(
        json
          ? JSON.stringify({ listening: url, dashboard: `${url}/dashboard`, engine, workers })
          : `scorebridge API on ${url}${workers > 1 ? ` (${workers} worker processes)` : ''}${engine ? ' with the workflow engine' : ''}; Ctrl-C stops`,
      ),
    stopping: () => (json ? io.stderr : io.stdout)('stopping: finishing in-flight requests'),
    stopped: () => io.stdout(json ? JSON.stringify({ stopped: true }) : 'stopped'),
  };
}

type Routers = (deps: ServerDeps, metrics: Metrics) => ExtraRouter[];

export interface ServeDeps {
  /** Routers served next to the API (webhooks, unsubscribe, dashboard), built on the same deps and metrics. */
  readonly routers?: Routers;
  /** The same, imported only when the server starts (the dashboard is a large module graph). */
  readonly loadRouters?: () => Promise<Routers>;
  /** Resolves when the server should stop; default SIGINT or SIGTERM. */
  readonly untilStopped?: () => Promise<void>;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** `scorebridge serve`: the HTTP API until SIGINT/SIGTERM, then a graceful stop. */
export async function runServe(options: ServeCliOptions, deps: ServeDeps, io: CommandIo): Promise<void> {
  await runGuarded(io, async () => {
    const [
      { loadConfig },
      { createMetrics },
      server,
      { openProductStore },
      { systemClock },
      { createLogger },
      { openSharedLimits },
    ] = await Promise.all([
      import('../../app/config/index.ts'),
      import('../../app/server/metrics.ts'),
      import('../../app/server/run-server.ts'),
      import('../../app/store.ts'),
      import('../../core/clock.ts'),
      import('../../core/logger.ts'),
      import('../../app/shared-limits.ts'),
    ]);
    const { runServer, runServerWorkers, serveAsWorker, WORKER_NUMBER_ENV } = server;
    const loaded = await loadConfig(options.config, io.env);
    const workers = loaded.config.server.workers;
    if (workers > 1 && cluster.isPrimary) {
      // Each worker runs this command again (same argv) and serves on the shared port.
      const running = await runServerWorkers({
        count: workers,
        exec: process.argv[1]!,
        args: process.argv.slice(2),
      });
      const say = announcer(io, options.json);
      say.listening(running.url, Boolean(options.engine || loaded.config.server.engine), workers);
      await (deps.untilStopped ?? untilSignal)();
      say.stopping();
      await running.close();
      say.stopped();
      return EXIT_OK;
    }
    const workerNumber = cluster.isWorker ? Number(process.env[WORKER_NUMBER_ENV] ?? 1) : 0;
    // A server's activity is what its log is for: info by default, also at a terminal.
    const logger = createLogger({ level: io.env.SCOREBRIDGE_LOG_LEVEL ?? 'info' });
    const store = await openProductStore(loaded.config.store, systemClock, loaded.config.identity);
    // With a Postgres store, key limits and the webhook replay cache hold across every replica.
    const limits = openSharedLimits(loaded.config.store, systemClock);
    const serverDeps: ServerDeps = { loaded, store, clock: systemClock, logger, env: io.env, limits };
    const metrics = createMetrics();
    // With a Postgres store, /metrics also reports the shared job queue's depth.
    const unwatchQueue = (await import('../../app/jobs/server-metrics.ts')).watchJobQueue(
      loaded.config.store,
      metrics.registry,
    );
    const routers = deps.routers ?? (await deps.loadRouters?.());
    let running: Awaited<ReturnType<typeof runServer>>;
    try {
      running = await runServer(serverDeps, {
        extra: { metrics, routers: routers?.(serverDeps, metrics) ?? [] },
        // In a cluster, only worker 1 runs the engine: one engine per store.
        ...(workerNumber > 1 ? { engine: false } : options.engine ? { engine: true } : {}),
        ...(options.port === undefined ? {} : { port: options.port }),
      });
    } catch (error) {
      await store.close();
      await limits.close();
      await unwatchQueue();
      throw error;
    }
    const engine = (options.engine || loaded.config.server.engine) && workerNumber <= 1;
    if (cluster.isWorker) {
      // The primary prints the address and relays the stop; Ctrl-C reaches workers too.
      await Promise.race([serveAsWorker(running), (deps.untilStopped ?? untilSignal)()]);
      await running.close();
      await unwatchQueue();
      return EXIT_OK;
    }
    const say = announcer(io, options.json);
    say.listening(running.url, Boolean(engine), 1);
    await (deps.untilStopped ?? untilSignal)();
    say.stopping();
    await running.close();
    await unwatchQueue();
    say.stopped();
    return EXIT_OK;
  });
}

export function registerServe(program: Command, deps: ServeDeps = {}, io: CommandIo = processIo): Command {
  return program
    .command('serve')
    .description(
      'serve the HTTP API (scores, models, workflow plans, metrics) and the dashboard; graceful stop on Ctrl-C',
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option(
      '--engine',
      'also run the workflow engine on schedules.workflows in this process (or server.engine)',
    )
    .option('--port <n>', 'listen on this port instead of server.port', (value) => Number.parseInt(value, 10))
    .option('--json', 'print the address as one JSON line when listening, and one when stopped')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: ServeCliOptions) => runServe(options, deps, io));
}
