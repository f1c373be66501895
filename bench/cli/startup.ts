import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * How long the CLI takes to answer `--version`, `--help` and a command's `--help`: the wall time of
 * a fresh process, as a person (or a script) waits for it. The goal is 0.5 s; a bare `node -e 0`
 * is the floor no Node program can go under.
 */

const MAIN = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
const RUNS = Number(process.env.CLI_BENCH_RUNS ?? 9);
const GOAL_SECONDS = 0.5;

interface Case {
  readonly label: string;
  readonly args: readonly string[];
}

const CASES: readonly Case[] = [
  { label: '`node -e 0` (reference: Node starting and exiting)', args: ['-e', '0'] },
  { label: '`scorebridge --version`', args: [MAIN, '--version'] },
  { label: '`scorebridge --help`', args: [MAIN, '--help'] },
  { label: '`scorebridge score --help`', args: [MAIN, 'score', '--help'] },
  { label: '`scorebridge run --help`', args: [MAIN, 'run', '--help'] },
  { label: '`scorebridge sandbox --help`', args: [MAIN, 'sandbox', '--help'] },
];

function once(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return seconds;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function run(): Promise<string> {
  const rows: string[] = [];
  for (const c of CASES) {
    once(c.args); // warm the file cache, as a second invocation would find it
    const times = Array.from({ length: RUNS }, () => once(c.args));
    const m = median(times);
    const verdict = c.args[0] === '-e' ? 'reference' : m <= GOAL_SECONDS ? 'meets the goal' : 'over the goal';
    rows.push(
      `| ${c.label} | ${m.toFixed(3)} | ${Math.min(...times).toFixed(3)} | ${Math.max(...times).toFixed(3)} | ${verdict} |`,
    );
  }
  return [
    '## CLI start-up: `--version` and `--help` (bench/cli/startup.ts)',
    '',
    `Wall time of a fresh \`node cli/main.ts ...\` process (Node ${process.versions.node}, type stripping), ${RUNS} runs each after one warm-up, against the goal of ${GOAL_SECONDS} s. Only the command the arguments name is imported; its dependencies load when it runs.`,
    '',
    '| command | median s | min s | max s | |',
    '|---|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}
