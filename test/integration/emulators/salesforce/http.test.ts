import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/clock.ts';
import { type SalesforceEmulator, startSalesforceEmulator } from '../../../../emulators/salesforce/index.ts';
import { rawApi } from './raw-api.ts';

const V = '/services/data/v62.0';

describe('Salesforce emulator over HTTP', () => {
  let emulator: SalesforceEmulator;
  let token: string;
  let clock: FixedClock;

  const api = (path: string, init: RequestInit = {}) => rawApi(emulator.url, token, path, init);

  beforeEach(async () => {
    clock = new FixedClock('2026-06-01T00:00:00Z');
    emulator = await startSalesforceEmulator({ clock, apiLimits: { dailyRequests: 50 } });
    token = emulator.credentials().accessToken;
    emulator.state.load(
      'Contact',
      Array.from({ length: 450 }, (_, i) => ({
        LastName: `P${i}`,
        Email: `p${i}@x.org`,
        IsDeleted: i % 150 === 0,
      })),
    );
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('lists versions without a session and refuses a bad token with INVALID_SESSION_ID', async () => {
    const versions = await (await fetch(`${emulator.url}/services/data/`)).json();
    expect(versions).toContainEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
    token = 'expired';
    expect(await api(`${V}/limits`)).toMatchObject({
      status: 401,
      body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID', fields: [] }],
    });
  });

  it('issues a new session for a refresh token and rejects an unknown one', async () => {
    const { clientId, clientSecret, refreshToken } = emulator.credentials();
    const form = (refresh: string) =>
      fetch(`${emulator.url}/services/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: refresh,
          client_id: clientId,
          client_secret: clientSecret,
        }),
      });
    const ok = (await (await form(refreshToken)).json()) as { access_token: string };
    expect(ok).toMatchObject({ token_type: 'Bearer', instance_url: emulator.url });
    token = ok.access_token;
    expect((await api(`${V}/limits`)).status).toBe(200);
    expect(await (await form('stolen')).json()).toEqual({
      error: 'invalid_grant',
      error_description: 'expired access/refresh token',
    });
  });

  it('pages with locators, honours batchSize and hides deleted rows outside queryAll', async () => {
    const q = encodeURIComponent('SELECT Id, LastName FROM Contact ORDER BY Id');
    const first = await api(`${V}/query?q=${q}`, { headers: { 'Sforce-Query-Options': 'batchSize=100' } });
    expect(first.body).toMatchObject({ totalSize: 447, done: false });
    expect(first.body.records).toHaveLength(200);
    expect(first.body.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g\w{15}-200$/);
    expect(first.body.records[0].attributes).toEqual({
      type: 'Contact',
      url: `${V}/sobjects/Contact/${first.body.records[0].Id}`,
    });
    const last = await api(`${first.body.nextRecordsUrl.replace('-200', '-400')}`);
    expect(last.body).toMatchObject({ done: true, totalSize: 447 });
    expect(last.body.records).toHaveLength(47);
    expect(last.body.nextRecordsUrl).toBeUndefined();
    const all = await api(
      `${V}/queryAll?q=${encodeURIComponent('SELECT Id FROM Contact WHERE IsDeleted = true')}`,
    );
    expect(all.body.totalSize).toBe(3);
    expect((await api(`${V}/query/01gNOPE-200`)).body).toEqual([
      { message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR', fields: [] },
    ]);
  });

  it('counts requests in Sforce-Limit-Info and answers 403 REQUEST_LIMIT_EXCEEDED when they run out', async () => {
    const first = await api(`${V}/limits`);
    expect(first.headers.get('sforce-limit-info')).toBe('api-usage=1/50');
    expect(first.body.DailyApiRequests).toEqual({ Max: 50, Remaining: 49 });
    emulator.state.usage.spend(49);
    expect(await api(`${V}/limits`)).toMatchObject({
      status: 403,
      body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }],
    });
  });

  it('limits collections to 200 records and rolls back allOrNone batches', async () => {
    const ids = [...emulator.state.requireTable('Contact').rows()]
      .filter((row) => row.IsDeleted !== true)
      .map((row) => row.Id as string);
    const records = (n: number) =>
      ids.slice(0, n).map((id) => ({ attributes: { type: 'Contact' }, id, Title: 'CTO' }));
    expect(
      (
        await api(`${V}/composite/sobjects`, {
          method: 'PATCH',
          body: JSON.stringify({ records: records(201) }),
        })
      ).body[0].errorCode,
    ).toBe('EXCEEDED_ID_LIMIT');
    const batch = [...records(2), { attributes: { type: 'Contact' }, id: ids[2], LastName: '' }];
    const rolled = await api(`${V}/composite/sobjects`, {
      method: 'PATCH',
      body: JSON.stringify({ allOrNone: true, records: batch }),
    });
    expect(rolled.body.map((r: { errors: { statusCode: string }[] }) => r.errors[0]?.statusCode)).toEqual([
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'REQUIRED_FIELD_MISSING',
    ]);
    expect(emulator.state.requireTable('Contact').get(ids[0]!)?.Title).toBeUndefined();
    const unknown = await api(`${V}/composite/sobjects`, {
      method: 'PATCH',
      body: JSON.stringify({ records: [{ attributes: { type: 'Contact' }, id: ids[0], Nope__c: 1 }] }),
    });
    expect(unknown).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_FIELD' }] });
  });

  it('answers getUpdated and getDeleted within their replication windows', async () => {
    clock.advance(120_000);
    const [changed, removed] = [...emulator.state.requireTable('Contact').rows()].filter(
      (row) => row.IsDeleted !== true,
    );
    emulator.state.touch('Contact', changed!.Id as string, { Title: 'VP' });
    emulator.state.touch('Contact', removed!.Id as string, { IsDeleted: true });
    clock.advance(120_000);
    const window = `start=${encodeURIComponent('2026-06-01T00:01:00+00:00')}&end=${encodeURIComponent('2026-06-01T00:04:00+00:00')}`;
    expect((await api(`${V}/sobjects/Contact/updated/?${window}`)).body).toEqual({
      ids: [changed!.Id],
      latestDateCovered: '2026-06-01T00:04:00.000+0000',
    });
    const deleted = await api(`${V}/sobjects/Contact/deleted/?${window}`);
    expect(deleted.body.deletedRecords).toEqual([
      { id: removed!.Id, deletedDate: '2026-06-01T00:02:00.000+0000' },
    ]);
    const tooOld = await api(
      `${V}/sobjects/Contact/deleted/?start=2026-05-01T00:00:00Z&end=2026-06-01T00:04:00Z`,
    );
    expect(tooOld).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_REPLICATION_DATE' }] });
  });

  it('fails a bulk job whose CSV names an unknown field', async () => {
    const job = await api(`${V}/jobs/ingest`, {
      method: 'POST',
      body: JSON.stringify({ object: 'Contact', operation: 'update' }),
    });
    expect(job.body).toMatchObject({
      state: 'Open',
      contentUrl: `services/data/v62.0/jobs/ingest/${job.body.id}/batches`,
    });
    const upload = await api(`${V}/jobs/ingest/${job.body.id}/batches`, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/csv' },
      body: 'Id,Nope__c\n003,1\n',
    });
    expect(upload.status).toBe(201);
    await api(`${V}/jobs/ingest/${job.body.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ state: 'UploadComplete' }),
    });
    expect((await api(`${V}/jobs/ingest/${job.body.id}`)).body).toMatchObject({
      state: 'Failed',
      errorMessage: 'InvalidBatch : Field name not found : Nope__c',
    });
  });
});

describe('Salesforce emulator concurrency cap', () => {
  it('turns away requests beyond the cap with ConcurrentPerOrgLongTxn', async () => {
    const emulator = await startSalesforceEmulator({ concurrency: 2, latencyMs: 300 });
    try {
      const token = emulator.credentials().accessToken;
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          fetch(`${emulator.url}${V}/limits`, { headers: { Authorization: `Bearer ${token}` } }),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 200, 403, 403, 403]);
      expect(emulator.stats.rejectedConcurrency).toBe(3);
    } finally {
      await emulator.close();
    }
  });
});
