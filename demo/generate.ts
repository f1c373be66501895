import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateAccountBundle } from './model/account-bundle.ts';
import { DomainRegistry } from './model/domains.ts';
import { eventId, IdSequence } from './model/ids.ts';
import type { AccountBundle, DemoAccountStatus } from './model/types.ts';
import { type DemoDataOptions, resolveDemoOptions } from './options.ts';
import { BadRowInjector } from './output/bad-rows.ts';
import {
  accountRow,
  columns,
  contactRow,
  type DemoFileKey,
  dealRow,
  demoFiles,
  eventRow,
  marketingRow,
  truthRow,
} from './output/columns.ts';
import { CsvFileSink, type WrittenFile } from './output/file-sink.ts';
import { buildManifest, type DemoManifest } from './output/manifest.ts';
import { Random } from './random.ts';
import { makeCalendar } from './time.ts';

export interface DemoSummary {
  readonly outDir: string;
  readonly manifestPath: string;
  readonly manifest: DemoManifest;
  readonly counts: Readonly<Record<DemoFileKey, number>>;
  readonly accountStatus: Readonly<Record<DemoAccountStatus, number>>;
  readonly durationMs: number;
}

/** Stream of the bad-row injector: separate from every account stream, so the rate never changes clean data. */
const BAD_ROWS_STREAM = 0xfffffff0;

type Sinks = Record<DemoFileKey, CsvFileSink>;

function openSinks(outDir: string): Sinks {
  const sinks = {} as Sinks;
  for (const key of Object.keys(demoFiles) as DemoFileKey[]) {
    sinks[key] = new CsvFileSink(join(outDir, `${demoFiles[key]}.partial`), columns[key]);
  }
  return sinks;
}

function writeBundle(
  bundle: AccountBundle,
  sinks: Sinks,
  bad: BadRowInjector,
  nextEventNumber: number,
): number {
  const put = (key: Exclude<DemoFileKey, 'truth'>, row: string[]) => {
    bad.maybeCorrupt(key, row);
    sinks[key].write(row);
  };
  put('accounts', accountRow(bundle.account));
  for (const contact of bundle.contacts) put('contacts', contactRow(contact));
  for (const deal of bundle.deals) put('deals', dealRow(deal));
  let eventNumber = nextEventNumber;
  for (const event of bundle.events) put('events', eventRow(eventId(eventNumber++), event));
  for (const person of bundle.marketing) put('marketingContacts', marketingRow(person));
  for (const fact of bundle.truth) sinks.truth.write(truthRow(fact));
  return eventNumber;
}

/**
 * Generates the demo business and writes it to `outDir`: accounts.csv, contacts.csv, deals.csv,
 * events.csv, marketing_contacts.csv, truth.csv and manifest.json. Accounts are generated and
 * written one at a time, so memory does not grow with the number of events. Files are written
 * under a ".partial" name and renamed only when complete.
 */
export async function generateDemoData(options: DemoDataOptions): Promise<DemoSummary> {
  const started = performance.now();
  const resolved = resolveDemoOptions(options);
  const outDir = resolve(resolved.outDir);
  await mkdir(outDir, { recursive: true });
  const calendar = makeCalendar(resolved.asOfMs);
  const domains = new DomainRegistry();
  const ids = new IdSequence();
  const bad = new BadRowInjector(Random.forStream(resolved.seed, BAD_ROWS_STREAM), resolved.badRowsRate);
  const status: Record<DemoAccountStatus, number> = { prospect: 0, trial: 0, active: 0, churned: 0 };
  const sinks = openSinks(outDir);
  const written = {} as Record<DemoFileKey, WrittenFile>;
  try {
    let done = 0;
    let nextEvent = 1;
    for (let accountIndex = 0; done < resolved.contacts; accountIndex++) {
      const bundle = generateAccountBundle({
        seed: resolved.seed,
        accountIndex,
        maxContacts: resolved.contacts - done,
        calendar,
        domains,
        ids,
      });
      nextEvent = writeBundle(bundle, sinks, bad, nextEvent);
      status[bundle.account.status]++;
      done += bundle.contacts.length;
      for (const sink of Object.values(sinks)) await sink.flush();
      options.onProgress?.(done, resolved.contacts);
    }
    for (const key of Object.keys(sinks) as DemoFileKey[]) written[key] = await sinks[key].close();
  } catch (error) {
    for (const sink of Object.values(sinks)) sink.destroy();
    await Promise.all(
      Object.values(demoFiles).map((file) => rm(join(outDir, `${file}.partial`), { force: true })),
    );
    throw error;
  }
  for (const file of Object.values(demoFiles))
    await rename(join(outDir, `${file}.partial`), join(outDir, file));
  const manifest = buildManifest({
    seed: resolved.seed,
    asOfMs: calendar.asOfMs,
    historyStartMs: calendar.startMs,
    contactsRequested: resolved.contacts,
    badRowsRate: resolved.badRowsRate,
    written,
    badRows: bad.counts,
    accountStatus: status,
  });
  const manifestPath = join(outDir, 'manifest.json');
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const counts = {} as Record<DemoFileKey, number>;
  for (const key of Object.keys(written) as DemoFileKey[]) counts[key] = written[key].rows;
  return {
    outDir,
    manifestPath,
    manifest,
    counts,
    accountStatus: status,
    durationMs: performance.now() - started,
  };
}
