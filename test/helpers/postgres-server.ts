import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL server from Debian's `postgresql` package, for tests and benches. The server
 * refuses to run as root, so when we are root it runs as the `postgres` user in a temporary data
 * directory that user owns; it listens on a free loopback port only and fsync is off (a test server
 * never needs to survive power loss).
 */
export interface PostgresServer {
  /** Connection URL of the `postgres` database (superuser, trust auth on loopback). */
  readonly url: string;
  readonly port: number;
  /** A connection URL for another database on the same server. */
  urlFor(database: string): string;
  stop(): void;
}

export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0] as string, 'bin') : null;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function asServerUser(binary: string, args: readonly string[]): void {
  const isRoot = process.getuid?.() === 0;
  const command = isRoot ? 'runuser' : binary;
  const commandArgs = isRoot ? ['-u', 'postgres', '--', binary, ...args] : [...args];
  const result = spawnSync(command, commandArgs, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${binary.split('/').pop()} failed (exit ${result.status}): ${(result.stderr || result.stdout).trim().slice(0, 800)}`,
    );
  }
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (bin === null) {
    throw new Error(
      "PostgreSQL is not installed: the Postgres tests need Debian's package (apt-get install postgresql); .ci/run installs it",
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'scorebridge-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const port = await freePort();
  asServerUser(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  asServerUser(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`,
    '-l',
    join(dir, 'server.log'),
    '-w',
    'start',
  ]);
  let stopped = false;
  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor('postgres'),
    port,
    urlFor,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
