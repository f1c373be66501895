import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatQuarantine } from '../../../app/sync-summary.ts';
import { fileConnectorConfigSchema } from '../../../connectors/file/config.ts';
import { FileSourceConnector } from '../../../connectors/file/file-source.ts';
import { FixedClock } from '../../../core/clock.ts';
import { silentLogger } from '../../../core/logger.ts';
import type { CanonicalStore } from '../../../core/store/canonical-store.ts';
import { openSqliteStore } from '../../../core/store/sqlite/index.ts';
import { runSync } from '../../../core/sync/run-sync.ts';

const clock = new FixedClock('2025-07-01T00:00:00Z');
const logger = silentLogger();
let dir: string;
let store: CanonicalStore;

const CONTACTS = 300;
const EVENTS = 2000;

function writeFiles(): void {
  const contacts = ['id,email,first_name,account_id,updated_at'];
  for (let index = 1; index <= CONTACTS; index++) {
    const email = index === 57 ? 'not-an-email' : `user${index}@example.com`;
    contacts.push(
      `c${index},${email},"Name ${index}",a${index % 10},2025-01-${String(1 + (index % 28)).padStart(2, '0')}`,
    );
  }
  writeFileSync(join(dir, 'contacts.csv'), `${contacts.join('\n')}\n`);
  const events = ['contact_id,type,occurred_at,value,note'];
  for (let index = 1; index <= EVENTS; index++) {
    const value = index === 500 ? 'twelve' : String(index % 9);
    const note = index === 1000 ? '"spans\ntwo lines"' : 'n';
    const occurredAt = new Date(Date.UTC(2025, 1, 1) + index * 1000).toISOString();
    events.push(`c${1 + (index % CONTACTS)},page_view,${occurredAt},${value},${note}`);
  }
  writeFileSync(join(dir, 'events.csv'), `${events.join('\n')}\n`);
}

function connector(): FileSourceConnector {
  const config = fileConnectorConfigSchema.parse({
    type: 'file',
    batchSize: 250,
    streams: {
      contacts: { kind: 'contact', path: 'contacts.csv' },
      events: { kind: 'event', path: 'events.csv', columns: { contact: 'contact_id' }, properties: ['note'] },
    },
  });
  return new FileSourceConnector('files', config, { configDir: dir, readChunkBytes: 4096 });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scorebridge-file-import-'));
  writeFiles();
  store = await openSqliteStore({ path: join(dir, 'store.sqlite'), clock });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('file import into the SQLite store', () => {
  it('imports, quarantines bad rows with their lines, and changes nothing when the same files come again', async () => {
    const first = await runSync({ store, connectors: [connector()], clock, logger });
    expect(first.map((result) => [result.stream, result.status, result.inserted, result.rejected])).toEqual([
      ['files.contacts', 'succeeded', CONTACTS - 1, 1],
      ['files.events', 'succeeded', EVENTS - 1, 1],
    ]);
    const quarantined = await store.quarantined();
    expect(
      quarantined.map((row) => [row.stream, row.location.file, row.location.line, row.location.column]),
    ).toEqual([
      ['files.contacts', 'contacts.csv', 58, 'email'],
      ['files.events', 'events.csv', 501, 'value'],
    ]);
    expect(quarantined[1]!.reason).toBe("line 501, column 'value': expected a number, got 'twelve'");
    const counts = await store.counts();
    expect(counts.events).toBe(EVENTS - 1);

    // Same files, stored cursors: nothing to read.
    const skipped = await runSync({ store, connectors: [connector()], clock, logger });
    expect(skipped.map((result) => result.inserted + result.updated + result.unchanged)).toEqual([0, 0]);

    // Same content, new modification time: read again from the start, and the store sees no change.
    for (const file of ['contacts.csv', 'events.csv'])
      utimesSync(join(dir, file), new Date('2030-01-01'), new Date('2030-01-01'));
    const again = await runSync({ store, connectors: [connector()], clock, logger });
    expect(again.map((result) => [result.inserted, result.updated, result.unchanged])).toEqual([
      [0, 0, CONTACTS - 1],
      [0, 0, EVENTS - 1],
    ]);
    // The re-read meets the two bad rows again; the quarantine keeps each once, so nothing moves.
    expect(await store.counts()).toEqual(counts);
  });

  it('resumes after an interrupted import without losing or duplicating rows', async () => {
    await runSync({ store, connectors: [connector()], clock, logger, only: ['files.contacts'] });
    const source = connector();
    let applied = 0;
    for await (const batch of source.read('events', null, { clock, logger })) {
      await store.applyBatch({ ...batch, stream: 'files.events' });
      applied += batch.records.length;
      if (applied >= 800) break; // the process dies here; committed batches keep their cursor
    }
    const resumed = await runSync({
      store,
      connectors: [connector()],
      clock,
      logger,
      only: ['files.events'],
    });
    expect(resumed[0]).toMatchObject({ status: 'succeeded', inserted: EVENTS - 1 - applied, unchanged: 0 });
    expect((await store.counts()).events).toBe(EVENTS - 1);
    expect((await store.quarantined('files.events')).map((row) => row.location.line)).toEqual([501]);
  });
});

const PRODUCT_EVENTS = [
  'event_id,contact_id,Event,occurred_at',
  'e1,c1,report_exported,2025-03-01T10:00:00Z',
  'e2,c1, seat_added ,2025-03-01T11:00:00Z',
  'e3,c2,Logged in,2025-03-01T12:00:00Z',
  'e4,c2,Page View,2025-03-01T13:00:00Z',
  'e5,c3,page-view,2025-03-01T14:00:00Z',
  'e6,c3,Integration Connected,2025-03-01T15:00:00Z',
];

function productConnector(): FileSourceConnector {
  writeFileSync(join(dir, 'product.csv'), `${PRODUCT_EVENTS.join('\n')}\n`);
  const config = fileConnectorConfigSchema.parse({
    type: 'file',
    streams: {
      product: {
        kind: 'event',
        path: 'product.csv',
        id: 'event_id',
        columns: { type: 'Event', contact: 'contact_id' },
        eventTypes: { 'Logged in': 'login' },
      },
    },
  });
  return new FileSourceConnector('files', config, { configDir: dir });
}

async function storedTypes(types?: string[]): Promise<[string, string][]> {
  const stored: [string, string][] = [];
  for await (const page of store.iterateEvents(types ? { types } : {}))
    for (const event of page) stored.push([event.source.externalId, event.type]);
  return stored.sort();
}

describe('event names from a file', () => {
  it("stores a product's own event names as given, next to mapped and loosely written well-known ones", async () => {
    const [result] = await runSync({ store, connectors: [productConnector()], clock, logger });
    expect(result).toMatchObject({ stream: 'files.product', status: 'succeeded', inserted: 6, rejected: 0 });
    expect(await store.quarantined()).toEqual([]);
    expect(await storedTypes()).toEqual([
      ['e1', 'report_exported'],
      ['e2', 'seat_added'],
      ['e3', 'login'],
      ['e4', 'page_view'],
      ['e5', 'page_view'],
      ['e6', 'Integration Connected'],
    ]);
    expect(await storedTypes(['report_exported'])).toEqual([['e1', 'report_exported']]);
  });

  it('counts rows an earlier version quarantined for their event type, which a full sync imports', async () => {
    const source = productConnector();
    await runSync({ store, connectors: [source], clock, logger });
    // What earlier versions left behind: the file connector's message and a warehouse source's.
    await store.applyBatch({
      stream: 'files.old_product',
      records: [],
      rejected: [
        {
          location: { file: 'old.csv', line: 2, column: 'Event', recordId: 'e7' },
          reason:
            "line 2, column 'Event': unknown event type 'report_exported'. Allowed types: email_sent, " +
            'email_open. Map other labels under eventTypes in the stream config',
          raw: 'e7,c1,report_exported,2025-03-02T10:00:00Z',
        },
        {
          location: { column: 'TYPE', recordId: 'E9' },
          reason: 'events E9: type (column TYPE): Invalid option: expected one of "email_sent"|"email_open"',
          raw: '{"ID":"E9","TYPE":"seat_added"}',
        },
        {
          location: { file: 'old.csv', line: 4, column: 'occurred_at', recordId: 'e8' },
          reason: "line 4, column 'occurred_at': expected a timestamp, got 'yesterday'",
          raw: 'e8,c1,login,yesterday',
        },
      ],
      cursor: null,
    });
    const counts = await store.counts();
    expect([counts.quarantined, counts.quarantinedForEventType]).toEqual([3, 2]);
    const summary = formatQuarantine(
      await store.quarantined(undefined, 5),
      3,
      counts.quarantinedForEventType,
    );
    expect(summary).toContain('2 of them were rejected for an event type outside the well-known names.');
    expect(summary).toContain('scorebridge sync --full reads the sources again and imports them');

    writeFileSync(
      join(dir, 'product.csv'),
      `${[...PRODUCT_EVENTS, 'e7,c1,report_exported,2025-03-02T10:00:00Z'].join('\n')}\n`,
    );
    const [full] = await runSync({ store, connectors: [source], clock, logger, full: true });
    expect(full).toMatchObject({ status: 'succeeded', inserted: 1, unchanged: 6, rejected: 0 });
    expect(await storedTypes(['report_exported'])).toEqual([
      ['e1', 'report_exported'],
      ['e7', 'report_exported'],
    ]);
  });
});
