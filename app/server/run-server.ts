import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { realSleep } from '../../core/limits/sleep.ts';
import { createServer, type ServerExtras, serverLocals } from './create-server.ts';
import { type InProcessEngine, startEngineInProcess } from './engine-in-process.ts';
import type { ServerDeps } from './server-deps.ts';

export interface RunOptions {
  readonly extra?: ServerExtras;
  /** Run the workflow engine ticker in this process (default server.engine). */
  readonly engine?: boolean;
  /** Overrides server.port (0 = any free port, for tests). */
  readonly port?: number;
  /** Longest wait for in-flight requests before their connections are cut (default 10 s). */
  readonly drainMs?: number;
}

export interface RunningServer {
  readonly app: Express;
  readonly server: Server;
  readonly url: string;
  /**
   * Graceful stop: refuse new connections, let in-flight requests finish, stop the engine after its
   * current run, close the store. Idempotent.
   */
  close(): Promise<void>;
}

function listen(app: Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

function closeServer(server: Server, drainMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), drainMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    // Keep-alive connections with no request in progress would hold close() open.
    server.closeIdleConnections();
  });
}

/** Starts the API on server.host/port (and the engine when asked); the caller owns stopping it. */
export async function runServer(deps: ServerDeps, options: RunOptions = {}): Promise<RunningServer> {
  const config = deps.loaded.config.server;
  const app = createServer(deps, options.extra);
  let engine: InProcessEngine | null = null;
  if (options.engine ?? config.engine)
    engine = await startEngineInProcess(deps.loaded, {
      clock: deps.clock,
      logger: deps.logger,
      env: deps.env,
      sleep: realSleep,
    });
  let server: Server;
  try {
    server = await listen(app, config.host, options.port ?? config.port);
  } catch (error) {
    await engine?.stop();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | null = null;
  return {
    app,
    server,
    url: `http://${host}:${port}`,
    close() {
      closing ??= (async () => {
        serverLocals(app).shuttingDown = true;
        await closeServer(server, options.drainMs ?? 10_000);
        await engine?.stop();
        await deps.store.close();
        await deps.limits?.close();
      })();
      return closing;
    },
  };
}

/** What a worker tells the primary (over the cluster IPC channel) once it accepts requests. */
interface WorkerListening {
  readonly type: 'scorebridge:listening';
  readonly url: string;
}
const SHUTDOWN = 'scorebridge:shutdown';
/** Environment variable holding a cluster worker's number, from 1. */
export const WORKER_NUMBER_ENV = 'SCOREBRIDGE_WORKER';

export interface RunningWorkers {
  /** Address every worker shares. */
  readonly url: string;
  readonly workers: number;
  /** Asks every worker for its graceful stop and waits until all have exited. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts `count` copies of `exec` (each calling runServer and then serveAsWorker) as cluster
 * workers sharing one listening port; the kernel-side socket is the primary's, so a port of 0
 * gives every worker the same free port. Resolves once all of them listen.
 */
export async function runServerWorkers(options: {
  readonly count: number;
  readonly exec: string;
  readonly args?: readonly string[];
}): Promise<RunningWorkers> {
  const cluster = (await import('node:cluster')).default;
  cluster.setupPrimary({ exec: options.exec, args: [...(options.args ?? [])] });
  // Workers know their number (1..count), so work that must run once (the engine) runs in worker 1.
  const workers = Array.from({ length: options.count }, (_, i) =>
    cluster.fork({ [WORKER_NUMBER_ENV]: String(i + 1) }),
  );
  const exited = workers.map(
    (worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())),
  );
  const urls = await Promise.all(
    workers.map(
      (worker, i) =>
        new Promise<string>((resolve, reject) => {
          worker.on('message', (message: WorkerListening) => {
            if (message?.type === 'scorebridge:listening') resolve(message.url);
          });
          void exited[i]!.then(() => reject(new Error(`server worker ${i + 1} exited before listening`)));
        }),
    ),
  ).catch(async (error: unknown) => {
    for (const worker of workers) worker.kill();
    await Promise.all(exited);
    throw error;
  });
  let closing: Promise<void> | null = null;
  return {
    url: urls[0]!,
    workers: workers.length,
    close() {
      closing ??= (async () => {
        for (const worker of workers) if (worker.isConnected()) worker.send(SHUTDOWN);
        await Promise.all(exited);
      })();
      return closing;
    },
  };
}

/**
 * In a cluster worker: tells the primary where it listens, and stops gracefully when the primary
 * asks or goes away. Resolves after the stop. Outside a worker, resolves never (nothing to wait for).
 */
export function serveAsWorker(running: RunningServer): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return;
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void running.close().then(() => {
        process.disconnect?.();
        resolve();
      });
    };
    process.on('message', (message) => {
      if (message === SHUTDOWN) stop();
    });
    process.once('disconnect', stop);
    process.send({ type: 'scorebridge:listening', url: running.url } satisfies WorkerListening);
  });
}
