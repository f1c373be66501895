import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileConnectorConfigSchema } from '../../../connectors/file/config.ts';
import { FileSourceConnector } from '../../../connectors/file/file-source.ts';
import { FixedClock } from '../../../core/clock.ts';
import type { SourceConnector } from '../../../core/connectors/source.ts';
import { silentLogger } from '../../../core/logger.ts';
import { openSqliteStore, type SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { runSync } from '../../../core/sync/run-sync.ts';

const clock = new FixedClock('2025-07-01T00:00:00Z');
const logger = silentLogger();
let dir: string;
let store: SqliteCanonicalStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scorebridge-file-quality-'));
  store = await openSqliteStore({ path: join(dir, 'store.sqlite'), clock });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** 2,000 people: about 88 KB, like the export that used to come back whole inside an error. */
function people(lineEnd: string): string {
  const rows = ['Id,Email,First Name'];
  for (let index = 1; index <= 2000; index++)
    rows.push(`p${index},person${index}@example.com,Person${index}`);
  return rows.join(lineEnd) + lineEnd;
}

function fileConnector(columns: Record<string, string>): FileSourceConnector {
  const config = fileConnectorConfigSchema.parse({
    type: 'file',
    streams: { contacts: { kind: 'contact', path: 'contacts.csv', columns } },
  });
  return new FileSourceConnector('files', config, { configDir: dir });
}

function storedErrors(): unknown[] {
  return store.database
    .prepare('SELECT error FROM sync_runs ORDER BY id')
    .all()
    .map((row) => (row as { error: unknown }).error);
}

describe('file sync: line endings and the errors it stores', () => {
  it('imports a CR-only export like any other', async () => {
    writeFileSync(join(dir, 'contacts.csv'), people('\r'));
    const [result] = await runSync({ store, connectors: [fileConnector({ email: 'Email' })], clock, logger });
    expect(result).toMatchObject({ status: 'succeeded', inserted: 2000, rejected: 0 });
    expect(storedErrors()).toEqual([null]);
  });

  it('stores a short error without the rows when a CR-only file misses a mapped column', async () => {
    writeFileSync(join(dir, 'contacts.csv'), people('\r'));
    const [result] = await runSync({
      store,
      connectors: [fileConnector({ email: 'Work Email' })],
      clock,
      logger,
    });
    expect(result!.status).toBe('failed');
    const [error] = storedErrors() as string[];
    expect(error).toContain("column 'Work Email' (for email) is not in the file");
    expect(error).toContain('Columns in the file: Id, Email, First Name');
    expect(error).not.toContain('person1@example.com');
    expect(error!.length).toBeLessThan(300);
  });

  it('cuts any connector error to a short excerpt in sync_runs and in the stream status', async () => {
    const leaky: SourceConnector = {
      name: 'crm',
      streams: () => [{ name: 'contacts', kind: 'contact' }],
      // biome-ignore lint/correctness/useYield: this source fails before its first batch
      async *read() {
        throw new Error(`provider said: ${people('\n')}`);
      },
    };
    const [result] = await runSync({ store, connectors: [leaky], clock, logger });
    expect(result!.error!.length).toBeLessThan(600);
    const [error] = storedErrors() as string[];
    expect(error!.length).toBeLessThan(600);
    expect(error).toMatch(/\.\.\. \[cut: [\d,]+ characters in all\]$/);
    expect(error).not.toContain('person2000@example.com');

    // A run stored before errors were cut is cut where it is read (status, dashboard).
    store.database.prepare('UPDATE sync_runs SET error = ?').run(`x${'y'.repeat(90_000)}`);
    const [status] = await store.streamStatus();
    expect(status!.lastRun!.error!.length).toBeLessThan(600);
  });
});
