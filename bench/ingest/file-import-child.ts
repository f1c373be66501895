/**
 * One measurement of the file-import benchmark, run in its own process so that its peak RSS
 * (process.resourceUsage().maxRSS) belongs to this import alone. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { fileConnectorConfigSchema } from '../../connectors/file/config.ts';
import { FileSourceConnector } from '../../connectors/file/file-source.ts';
import { systemClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { openSqliteStore } from '../../core/store/sqlite/index.ts';

export interface ChildSpec {
  readonly mode: 'store' | 'connector' | 'naive';
  readonly dir: string;
  readonly stream: 'contacts' | 'events' | 'events_jsonl';
  readonly storePath?: string;
  /** naive mode: rows to insert (the whole file is still read and split, as a naive import would). */
  readonly sliceRows?: number;
}

export interface ChildResult {
  readonly rows: number;
  readonly rejected: number;
  readonly seconds: number;
  readonly connectorSeconds: number;
  readonly storeSeconds: number;
  readonly inserted: number;
  readonly unchanged: number;
  readonly peakRssMb: number;
}

const benchConfig = fileConnectorConfigSchema.parse({
  type: 'file',
  streams: {
    contacts: { kind: 'contact', path: 'contacts.csv' },
    events: {
      kind: 'event',
      path: 'events.csv',
      id: 'event_id',
      eventTypes: { 'Logged in': 'login' },
      properties: ['page'],
    },
    events_jsonl: {
      kind: 'event',
      path: 'events.jsonl',
      id: 'event_id',
      objectType: 'events',
      eventTypes: { 'Logged in': 'login' },
      properties: ['page'],
    },
  },
});

export async function measure(spec: ChildSpec): Promise<ChildResult> {
  if (spec.mode === 'naive') return naiveImport(spec);
  const connector = new FileSourceConnector('bench_files', benchConfig, { configDir: spec.dir });
  const store =
    spec.mode === 'store' ? await openSqliteStore({ path: spec.storePath!, clock: systemClock }) : null;
  const context = { clock: systemClock, logger: silentLogger() };
  const totals = { rows: 0, rejected: 0, inserted: 0, unchanged: 0, storeMs: 0 };
  const started = performance.now();
  for await (const batch of connector.read(spec.stream, null, context)) {
    totals.rows += batch.records.length;
    totals.rejected += batch.rejected.length;
    if (!store) continue;
    const before = performance.now();
    const result = await store.applyBatch({ ...batch, stream: `bench_files.${spec.stream}` });
    totals.storeMs += performance.now() - before;
    totals.inserted += result.inserted;
    totals.unchanged += result.unchanged;
  }
  const seconds = (performance.now() - started) / 1000;
  await store?.close();
  return {
    rows: totals.rows,
    rejected: totals.rejected,
    seconds,
    connectorSeconds: seconds - totals.storeMs / 1000,
    storeSeconds: totals.storeMs / 1000,
    inserted: totals.inserted,
    unchanged: totals.unchanged,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** The reference: whole file in memory, split by hand, one autocommitted INSERT per row. */
function naiveImport(spec: ChildSpec): ChildResult {
  const started = performance.now();
  const lines = readFileSync(`${spec.dir}/events.csv`, 'utf8').split('\n');
  const rows = lines.slice(1, 1 + (spec.sliceRows ?? lines.length)).filter((line) => line.length > 0);
  const database = new DatabaseSync(spec.storePath!);
  database.exec(
    'CREATE TABLE events (id TEXT PRIMARY KEY, contact_id TEXT, type TEXT, occurred_at TEXT, value REAL, page TEXT)',
  );
  const insert = database.prepare('INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?, ?, ?)');
  const parsedAt = performance.now();
  for (const line of rows) {
    const [id, contact, type, occurredAt, value, page] = line.split(',');
    insert.run(id!, contact!, type!, occurredAt!, Number(value), page!);
  }
  const seconds = (performance.now() - started) / 1000;
  database.close();
  return {
    rows: rows.length,
    rejected: 0,
    seconds,
    connectorSeconds: (parsedAt - started) / 1000,
    storeSeconds: seconds - (parsedAt - started) / 1000,
    inserted: rows.length,
    unchanged: 0,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const spec = JSON.parse(process.argv[2] ?? '{}') as ChildSpec;
  console.log(JSON.stringify(await measure(spec)));
}
