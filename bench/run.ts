/**
 * `npm run bench [-- name ...]`: runs the benchmarks (all, or the named ones) one after another
 * and writes their sections into bench/RESULTS.md, replacing only the sections that ran so a
 * partial run keeps the others' last results.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { sections } from './sections.ts';

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

const marker = (name: string, edge: 'start' | 'end') => `<!-- bench:${name}:${edge} -->`;

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
}

function existingSections(): Map<string, string> {
  const found = new Map<string, string>();
  if (!existsSync(RESULTS)) return found;
  const text = readFileSync(RESULTS, 'utf8');
  for (const section of sections) {
    const start = text.indexOf(marker(section.name, 'start'));
    const end = text.indexOf(marker(section.name, 'end'));
    if (start !== -1 && end > start)
      found.set(section.name, text.slice(start, end + marker(section.name, 'end').length));
  }
  return found;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !sections.some((section) => section.name === name));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark(s): ${unknown.join(', ')}; choose from ${sections.map((s) => s.name).join(', ')}`,
    );
    process.exit(2);
  }
  const kept = existingSections();
  for (const section of sections) {
    if (wanted.length > 0 && !wanted.includes(section.name)) continue;
    console.error(`bench: ${section.name} (${section.title})...`);
    const started = performance.now();
    let body: string;
    try {
      body = await section.run();
    } catch (error) {
      body = `## ${section.title}\n\nFailed: ${(error as Error).message}`;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const stamp = `_Run ${new Date().toISOString().slice(0, 10)} on ${machine()}; took ${seconds} s._`;
    kept.set(
      section.name,
      `${marker(section.name, 'start')}\n${body.trim()}\n\n${stamp}\n${marker(section.name, 'end')}`,
    );
    writeResults(kept);
  }
}

function writeResults(kept: Map<string, string>): void {
  const header = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); `npm run bench -- <name>` reruns one section.',
    'Sections: ' + sections.map((s) => `\`${s.name}\``).join(', ') + '.',
    '',
  ].join('\n');
  const body = sections
    .map((section) => kept.get(section.name))
    .filter((text): text is string => text !== undefined)
    .join('\n\n');
  writeFileSync(RESULTS, `${header}\n${body}\n`);
}

await main();
