import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/clock.ts';
import { type SalesforceEmulator, startSalesforceEmulator } from '../../../../emulators/salesforce/index.ts';
import { rawApi } from './raw-api.ts';

const V = '/services/data/v66.0';

describe('Salesforce emulator: API versions and Bulk API 2.0 query jobs', () => {
  let emulator: SalesforceEmulator;
  let token: string;

  const api = (path: string, init: RequestInit = {}) => rawApi(emulator.url, token, path, init);

  beforeEach(async () => {
    emulator = await startSalesforceEmulator({ clock: new FixedClock('2026-12-01T00:00:00Z') });
    token = emulator.credentials().accessToken;
    emulator.state.load(
      'Contact',
      Array.from({ length: 5 }, (_, i) => ({
        LastName: `P${i}, "Jr"`,
        Email: i === 2 ? null : `p${i}@x.org`,
        IsDeleted: i === 4,
      })),
    );
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('serves v31.0 to v68.0 and answers 404 NOT_FOUND for a version it does not serve', async () => {
    const versions = (await (await fetch(`${emulator.url}/services/data/`)).json()) as { version: string }[];
    expect(versions[0]).toEqual({ label: "Summer '14", url: '/services/data/v31.0', version: '31.0' });
    expect(versions.at(-1)).toEqual({ label: "Winter '27", url: '/services/data/v68.0', version: '68.0' });
    expect(versions).toContainEqual({ label: "Spring '26", url: '/services/data/v66.0', version: '66.0' });
    expect((await api('/services/data/v68.0/limits')).status).toBe(200);
    for (const version of ['69.0', '30.0'])
      expect(await api(`/services/data/v${version}/limits`)).toMatchObject({
        status: 404,
        body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
      });
  });

  it('runs a queryAll job that completes on the second poll and pages results with Sforce-Locator', async () => {
    const created = await api(`${V}/jobs/query`, {
      method: 'POST',
      body: JSON.stringify({
        operation: 'queryAll',
        query: 'SELECT Id, LastName, Email, IsDeleted FROM Contact',
      }),
    });
    expect(created).toMatchObject({ status: 200, body: { operation: 'queryAll', state: 'UploadComplete' } });
    const id = created.body.id as string;
    expect(await api(`${V}/jobs/query/${id}/results`)).toMatchObject({
      status: 400,
      body: [{ errorCode: 'JOB_NOT_COMPLETE' }],
    });
    expect((await api(`${V}/jobs/query/${id}`)).body.state).toBe('InProgress');
    expect((await api(`${V}/jobs/query/${id}`)).body).toMatchObject({
      state: 'JobComplete',
      numberRecordsProcessed: 5,
    });
    const pages: string[] = [];
    let locator = '';
    for (;;) {
      const page = await api(
        `${V}/jobs/query/${id}/results?maxRecords=2${locator ? `&locator=${locator}` : ''}`,
      );
      expect(page.status).toBe(200);
      pages.push(page.body as string);
      locator = page.headers.get('sforce-locator') ?? '';
      if (locator === 'null') break;
      expect(page.headers.get('sforce-numberofrecords')).toBe('2');
    }
    expect(pages).toHaveLength(3);
    // Every page repeats the header row; null is an empty cell, quotes are doubled.
    for (const page of pages) expect(page.split('\n')[0]).toBe('"Id","LastName","Email","IsDeleted"');
    expect(pages[0]).toContain('"P0, ""Jr""","p0@x.org","false"');
    expect(pages[1]).toContain('"P2, ""Jr""","","false"');
    expect(pages[2]).toContain('"P4, ""Jr""","p4@x.org","true"');
    // Each request counted as an API call: create, results too early, two polls, three pages.
    expect(emulator.stats.count('bulkQuery.create')).toBe(1);
    expect(emulator.stats.count('bulkQuery.info')).toBe(2);
    expect(emulator.stats.count('bulkQuery.results')).toBe(4);
    expect(emulator.state.usage.used()).toBe(7);
  });

  it('refuses what Bulk API 2.0 query does not support, and unknown fields, at creation', async () => {
    const create = (query: string) =>
      api(`${V}/jobs/query`, { method: 'POST', body: JSON.stringify({ operation: 'query', query }) });
    expect((await create('SELECT COUNT() FROM Contact')).body[0].errorCode).toBe('INVALIDJOB');
    expect((await create('SELECT Id FROM Contact ORDER BY Id')).body[0].message).toContain('ORDER BY');
    expect((await create('SELECT Nope__c FROM Contact')).body[0].errorCode).toBe('INVALID_FIELD');
    const job = await create('SELECT Id FROM Contact');
    expect(
      await api(`${V}/jobs/query/${job.body.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ state: 'Aborted' }),
      }),
    ).toMatchObject({ status: 200, body: { state: 'Aborted' } });
    expect((await api(`${V}/jobs/query/${job.body.id}`, { method: 'DELETE' })).status).toBe(204);
  });
});
