/**
 * File connector ingest benchmark: 100k contacts and 1M events from CSV/JSONL into a fresh SQLite
 * store through the connector and store.applyBatch, each measurement in its own process.
 * SCOREBRIDGE_BENCH_SCALE=0.1 shrinks the data for quick runs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeContacts, writeEvents } from './file-fixtures.ts';
import type { ChildResult, ChildSpec } from './file-import-child.ts';

const run$ = promisify(execFile);
const CHILD = fileURLToPath(new URL('./file-import-child.ts', import.meta.url));
const TARGET_EVENTS_PER_SECOND = 100_000;
const TARGET_RSS_MB = 500;
const NAIVE_SLICE = 1_000;

async function child(spec: ChildSpec): Promise<ChildResult> {
  const { stdout } = await run$(process.execPath, [CHILD, JSON.stringify(spec)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
}

const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export async function run(): Promise<string> {
  const scale = Number(process.env.SCOREBRIDGE_BENCH_SCALE ?? '1');
  const contacts = Math.round(100_000 * scale);
  const events = Math.round(1_000_000 * scale);
  const dir = mkdtempSync(join(tmpdir(), 'scorebridge-bench-files-'));
  const loadAtStart = loadavg()[0]!;
  try {
    await writeContacts(join(dir, 'contacts.csv'), contacts, 'csv');
    await writeEvents(join(dir, 'events.csv'), events, contacts, 'csv');
    await writeEvents(join(dir, 'events.jsonl'), events, contacts, 'jsonl');
    const mb = (file: string) => statSync(join(dir, file)).size / 1e6;
    const store = join(dir, 'store.sqlite');
    const rows: [string, ChildResult][] = [];
    rows.push([
      'contacts.csv -> fresh store',
      await child({ mode: 'store', dir, stream: 'contacts', storePath: store }),
    ]);
    rows.push([
      'events.csv -> store',
      await child({ mode: 'store', dir, stream: 'events', storePath: store }),
    ]);
    rows.push([
      'events.csv again, full re-read (all unchanged)',
      await child({ mode: 'store', dir, stream: 'events', storePath: store }),
    ]);
    rows.push([
      'events.jsonl -> fresh store',
      await child({ mode: 'store', dir, stream: 'events_jsonl', storePath: join(dir, 'jsonl.sqlite') }),
    ]);
    rows.push([
      'events.csv, connector only (parse+map+validate)',
      await child({ mode: 'connector', dir, stream: 'events' }),
    ]);
    const naive = await child({
      mode: 'naive',
      dir,
      stream: 'events',
      storePath: join(dir, 'naive.sqlite'),
      sliceRows: NAIVE_SLICE,
    });

    const table = rows.map(([label, result]) => {
      const perSecond = result.rows / result.seconds;
      return `| ${label} | ${fmt(result.rows)} | ${fmt(result.seconds, 1)} | ${fmt(perSecond)} | ${fmt(result.connectorSeconds, 1)} / ${fmt(result.storeSeconds, 1)} | ${fmt(result.inserted)} / ${fmt(result.unchanged)} | ${fmt(result.peakRssMb)} |`;
    });
    const eventsRun = rows[1]![1];
    const eventsPerSecond = eventsRun.rows / eventsRun.seconds;
    const peak = Math.max(...rows.map(([, result]) => result.peakRssMb));
    const naivePerSecond = naive.rows / naive.seconds;
    const micros = (seconds: number) => fmt((seconds * 1e6) / eventsRun.rows, 1);
    return [
      '## File connector ingest (bench/ingest/file-import.ts)',
      '',
      `${fmt(contacts)} contacts (${fmt(mb('contacts.csv'), 1)} MB CSV) and ${fmt(events)} events (${fmt(mb('events.csv'), 1)} MB CSV, ${fmt(mb('events.jsonl'), 1)} MB JSONL), ` +
        `Node ${process.versions.node}, ${cpus().length} CPUs, load average ${fmt(loadAtStart, 1)} at start. ` +
        'Each row is its own process; batches of 5,000 via store.applyBatch.',
      '',
      '| measurement | rows | seconds | rows/s | connector s / store s | inserted / unchanged | peak RSS MB |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...table,
      `| naive reference: whole file in memory + 1 autocommit INSERT per row (first ${fmt(naive.rows)} rows) | ${fmt(naive.rows)} | ${fmt(naive.seconds, 1)} | ${fmt(naivePerSecond)} | ${fmt(naive.connectorSeconds, 1)} / ${fmt(naive.storeSeconds, 1)} | ${fmt(naive.rows)} / 0 | ${fmt(naive.peakRssMb)} |`,
      '',
      `Where the time goes (events.csv -> store): connector ${micros(eventsRun.connectorSeconds)} µs/event ` +
        `(read, CSV parse, mapping, zod validation), store.applyBatch ${micros(eventsRun.storeSeconds)} µs/event.`,
      '',
      `Naive reference extrapolated to ${fmt(events)} events: ~${fmt(events / naivePerSecond / 60, 0)} min (measured on ${fmt(naive.rows)} rows only).`,
      '',
      `Target: >= ${fmt(TARGET_EVENTS_PER_SECOND)} events/s and <= ${TARGET_RSS_MB} MB peak RSS. ` +
        `Measured: ${fmt(eventsPerSecond)} events/s end to end (${eventsPerSecond >= TARGET_EVENTS_PER_SECOND ? 'met' : 'NOT met'}), ` +
        `peak RSS ${fmt(peak)} MB (${peak <= TARGET_RSS_MB ? 'met' : 'NOT met'}).`,
      '',
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run());
}
