import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Child {
  readonly pid: number;
  /** Resolves with stdout once the child exits 0; rejects with stderr otherwise (unless killed). */
  readonly done: Promise<string>;
  kill(): void;
}

/** Runs one of this folder's child scripts with the Node running the tests. */
export function startChild(script: string, args: readonly string[]): Child {
  const child = spawn(process.execPath, [path.join(here, script), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TZ: 'UTC' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${script} ended with ${signal ?? `code ${code}`}: ${stderr}`));
    });
  });
  return { pid: child.pid ?? 0, done, kill: () => child.kill('SIGKILL') };
}
