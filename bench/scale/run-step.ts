import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOOK = fileURLToPath(new URL('./usage-hook.ts', import.meta.url));
export const CLI = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));

export interface StepUsage {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly stdout: string;
}

/**
 * Runs a Node script in its own process (the CLI, or a bench child) and returns what it printed
 * with its wall time, CPU time and peak RSS. A failing step fails the bench with its stderr.
 */
export async function runStep(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<StepUsage> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-usage-'));
  const usageFile = join(dir, 'usage.json');
  try {
    const child = spawn(process.execPath, ['--import', HOOK, script, ...args], {
      env: { ...process.env, ...env, SB_USAGE_FILE: usageFile, TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0)
      throw new Error(
        `${script} ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`,
      );
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as Omit<StepUsage, 'stdout'>;
    return { ...usage, stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
