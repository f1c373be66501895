import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(ROOT, 'cli', 'main.ts');
/** The project's own Node 24 (it runs the .ts files directly); the running one otherwise. */
const NODE = existsSync(path.join(ROOT, 'node_modules', '.bin', 'node'))
  ? path.join(ROOT, 'node_modules', '.bin', 'node')
  : process.execPath;

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** One long-running `scorebridge` child process (a worker, a replica, the scheduler). */
export interface FleetProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exit: Promise<Exit>;
  /** Everything it printed on stdout so far. */
  stdout(): string;
  /** Everything it printed on stderr so far (its log lines). */
  stderr(): string;
  /** Resolves with the first stdout line that `match` accepts. */
  line(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Starts `scorebridge` commands as real child processes, as an operator would on separate hosts,
 * and keeps each one's output in a log file (logs/<name>.log) to read when something fails.
 */
export class Fleet {
  readonly #env: NodeJS.ProcessEnv;
  readonly #logDir: string;
  readonly #running = new Map<string, FleetProcess>();
  #starts = 0;

  constructor(options: { env: Record<string, string>; logDir: string }) {
    this.#env = { ...process.env, ...options.env, TZ: 'UTC', SCOREBRIDGE_LOG_FORMAT: 'json' };
    this.#logDir = options.logDir;
    mkdirSync(this.#logDir, { recursive: true });
  }

  get running(): ReadonlyMap<string, FleetProcess> {
    return this.#running;
  }

  /** How many processes were started so far (restarts included). */
  get starts(): number {
    return this.#starts;
  }

  start(name: string, args: readonly string[]): FleetProcess {
    if (this.#running.has(name)) throw new Error(`${name} is already running`);
    this.#starts += 1;
    const log = createWriteStream(path.join(this.#logDir, `${name}.log`), { flags: 'a' });
    log.write(`--- start ${new Date().toISOString()}: scorebridge ${args.join(' ')}\n`);
    const child = spawn(NODE, [CLI, ...args], {
      cwd: ROOT,
      env: this.#env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const waiters = new Set<(line: string) => boolean>();
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      const lines = (out.slice(out.lastIndexOf('\n') + 1) + text).split('\n').slice(0, -1);
      out += text;
      log.write(text);
      for (const line of lines) for (const waiter of waiters) if (waiter(line)) waiters.delete(waiter);
    });
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
      log.write(chunk);
    });
    const exit = new Promise<Exit>((resolve) =>
      child.on('exit', (code, signal) => {
        log.end(`--- exit code ${code} signal ${signal}\n`);
        if (this.#running.get(name)?.child === child) this.#running.delete(name);
        resolve({ code, signal });
      }),
    );
    const process_: FleetProcess = {
      name,
      child,
      exit,
      stdout: () => out,
      stderr: () => err,
      line: (match, timeoutMs = 60_000) =>
        new Promise((resolve, reject) => {
          const seen = out.split('\n').find(match);
          if (seen !== undefined) return resolve(seen);
          const timer = setTimeout(() => {
            waiters.delete(waiter);
            reject(new Error(`${name}: no matching line within ${timeoutMs} ms (see ${name}.log)`));
          }, timeoutMs);
          const waiter = (line: string) => {
            if (!match(line)) return false;
            clearTimeout(timer);
            resolve(line);
            return true;
          };
          waiters.add(waiter);
          void exit.then((status) => {
            if (!waiters.delete(waiter)) return;
            clearTimeout(timer);
            reject(new Error(`${name} exited (${status.code ?? status.signal}) before the expected line`));
          });
        }),
    };
    this.#running.set(name, process_);
    return process_;
  }

  /** SIGKILL: no shutdown handler runs, exactly a crashed host or an OOM kill. */
  async kill(name: string): Promise<Exit> {
    const target = this.#running.get(name);
    if (!target) throw new Error(`${name} is not running`);
    target.child.kill('SIGKILL');
    return await target.exit;
  }

  /** SIGTERM every process still running and wait for them (SIGKILL after `graceMs`). */
  async stopAll(graceMs = 15_000): Promise<void> {
    const all = [...this.#running.values()];
    for (const each of all) each.child.kill('SIGTERM');
    await Promise.all(
      all.map(async (each) => {
        const timer = setTimeout(() => each.child.kill('SIGKILL'), graceMs);
        await each.exit;
        clearTimeout(timer);
      }),
    );
  }

  /** A one-shot command (migrate, train, jobs --json, outbox resolve), with its output. */
  async run(name: string, args: readonly string[], timeoutMs = 120_000): Promise<RunResult> {
    this.#starts += 1;
    const log: WriteStream = createWriteStream(path.join(this.#logDir, `${name}.log`), { flags: 'a' });
    log.write(`--- run ${new Date().toISOString()}: scorebridge ${args.join(' ')}\n`);
    const child = spawn(NODE, [CLI, ...args], {
      cwd: ROOT,
      env: this.#env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      log.write(chunk);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(timer);
    const stdout = Buffer.concat(out).toString('utf8');
    log.end(`${stdout}\n--- exit ${code}\n`);
    return { code, stdout, stderr: Buffer.concat(err).toString('utf8') };
  }
}

/** The URL a `serve --json` replica printed when it started listening. */
export async function listeningUrl(replica: FleetProcess, timeoutMs = 60_000): Promise<string> {
  const line = await replica.line((text) => text.includes('"listening"'), timeoutMs);
  const listening = (JSON.parse(line) as { listening: string }).listening;
  return listening.replace(/\/$/, '');
}
