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
      })();
      return closing;
    },
  };
}
