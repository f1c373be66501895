/**
 * The write-back echo: every score write-back modifies the CRM records it writes to, so the next
 * incremental sync finds them changed. This bench measures, for HubSpot and Salesforce (emulators
 * driven by @hubspot/api-client and jsforce), what the sync after a write-back of N contacts reads
 * (records and API calls) and stores again (records re-ingested, which `score --changed` re-scores),
 * against a sync with no write-back before it; Salesforce with and without `ignoreOwnWrites`.
 *
 * Sizes: 10,000 contacts per CRM (BENCH_SCALE=0.1 for 1,000). A virtual clock drives both the
 * emulators and the syncs, so windows and stamps are exact; time is not measured here.
 */
import { writeBackEchoHubspot } from './writeback-echo-hubspot.ts';
import { writeBackEchoSalesforce } from './writeback-echo-salesforce.ts';
import type { EchoRun } from './writeback-echo-scenario.ts';

const FULL_CONTACTS = 10_000;

const fmt = (value: number) => value.toLocaleString('en-US');

export async function run(): Promise<string> {
  const scale = Number(process.env.BENCH_SCALE ?? process.env.SCOREBRIDGE_BENCH_SCALE ?? '1');
  if (!(scale > 0 && scale <= 1))
    throw new Error(`BENCH_SCALE must be in (0, 1]; got ${process.env.BENCH_SCALE}`);
  const contacts = Math.round(FULL_CONTACTS * scale);
  const hubspot = await writeBackEchoHubspot(contacts);
  const salesforceAll = await writeBackEchoSalesforce(contacts, false);
  const salesforceOwn = await writeBackEchoSalesforce(contacts, true);
  return report(contacts, [hubspot, salesforceAll, salesforceOwn]);
}

function report(contacts: number, runs: readonly EchoRun[]): string {
  const row = (r: EchoRun) =>
    `| ${r.label} | ${fmt(r.written)} (${fmt(r.writeCalls)} calls) | ${fmt(r.quiet.read)} / ${fmt(r.quiet.calls)} | ` +
    `${fmt(r.echo.read)} / ${fmt(r.echo.calls)} | ${fmt(r.echo.read - r.quiet.read)} / ${fmt(r.echo.calls - r.quiet.calls)} | ` +
    `${fmt(r.echo.stored)} | ${r.edited.read === null ? 'n/a' : `${fmt(r.edited.stored)} of ${fmt(r.edited.people)}`} |`;
  return [
    '## Write-back echo: what the next sync reads again (bench/crm/writeback-echo.ts)',
    '',
    `${fmt(contacts)} contacts per CRM, synced in full, then: an incremental sync with nothing changed (the quiet ` +
      'baseline), a write-back of a new score to every contact, and the incremental sync after it (the echo). ' +
      'Records read are rows the API returned; calls are every request the sync made; re-ingested are records the ' +
      'store saw as changed (each is re-scored by `score --changed`). The last column repeats the write-back after ' +
      'people edited 25 contacts in the CRM just before it: those edits must still arrive.',
    '',
    "| CRM | Written back | Quiet sync: records / calls | Sync after write-back: records / calls | Echo: extra records / calls | Re-ingested | People's edits stored |",
    '|---|---:|---:|---:|---:|---:|---:|',
    ...runs.map(row),
    '',
    'What each API allows:',
    '',
    '- **HubSpot** search filters on property values only (`hs_lastmodifieddate`, `hs_object_id`); nothing ' +
      'names who made a change, so every written record is found again: one search call per 200 written ' +
      'records, plus the association reads of those pages when the stream has any. `propertiesWithHistory` would ' +
      "tell our change from a person's, but it is read per record (batch read, 50 per call): it costs more " +
      'calls than the echo it would save. The store recognises the echo (only the modification stamp moved), so ' +
      'nothing is re-ingested or re-scored.',
    '- **Salesforce** SOQL can filter on `LastModifiedById`: with `ignoreOwnWrites` (the default) the incremental ' +
      "query leaves out records the API user changed last, so the echo costs no rows and no calls. A person's " +
      'change that a write-back covered before any sync saw it (the API user is then the last modifier) is ' +
      'noted at write time, from the values write-back reads first anyway, and read by id on the next sync.',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run());
}
