import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoData } from '../../demo/index.ts';

/**
 * How long `scorebridge demo-data` takes, and whether memory stays flat as events grow
 * (accounts are generated and streamed to disk one at a time).
 */

const SIZES = (process.env.DEMO_BENCH_SIZES ?? '10000,100000').split(',').map(Number);

interface Measurement {
  readonly contacts: number;
  readonly seconds: number;
  readonly accounts: number;
  readonly events: number;
  readonly megabytes: number;
  readonly peakRssMb: number;
}

async function measure(contacts: number): Promise<Measurement> {
  const dir = await mkdtemp(join(tmpdir(), 'scorebridge-demo-speed-'));
  let peakRss = process.memoryUsage().rss;
  try {
    const started = performance.now();
    const summary = await generateDemoData({
      contacts,
      seed: 1,
      outDir: dir,
      onProgress: (done) => {
        if (done % 1000 < 8) peakRss = Math.max(peakRss, process.memoryUsage().rss);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const bytes = Object.values(summary.manifest.files).reduce((sum, file) => sum + file.bytes, 0);
    return {
      contacts,
      seconds,
      accounts: summary.counts.accounts,
      events: summary.counts.events,
      megabytes: bytes / 2 ** 20,
      peakRssMb: peakRss / 2 ** 20,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<string> {
  const results: Measurement[] = [];
  for (const size of SIZES) results.push(await measure(size));
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  return [
    '## Demo data: generation speed',
    '',
    '`generateDemoData({ contacts, seed: 1 })`, default bad-row rate, writing to the OS temp directory; one process, Node ' +
      process.versions.node +
      '.',
    '',
    '| contacts | accounts | events | files (MB) | seconds | events/s | peak RSS (MB) |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${n(r.contacts)} | ${n(r.accounts)} | ${n(r.events)} | ${r.megabytes.toFixed(0)} | ${r.seconds.toFixed(1)} | ${n(r.events / r.seconds)} | ${n(r.peakRssMb)} |`,
    ),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run());
}
