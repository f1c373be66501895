import { describe, expect, it } from 'vitest';
import { changedEntities } from '../../../../app/server/hooks/changed-entities.ts';
import { streamsFor } from '../../../../app/server/hooks/resync.ts';
import { hubspotConnectorConfigSchema } from '../../../../connectors/hubspot/config.ts';
import { createSourceConnector } from '../../../../connectors/registry.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { runInConfigContext } from '../../../../core/config/index.ts';
import { openSqliteStore } from '../../../../core/store/sqlite/index.ts';
import { account, batch, contact, event } from '../../../helpers/records.ts';

const hubspot = runInConfigContext({ env: { TOKEN: 'token-value-123' }, baseDir: process.cwd() }, () =>
  hubspotConnectorConfigSchema.parse({
    type: 'hubspot',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a config secret reference, not a template
    accessToken: '${TOKEN}',
    baseUrl: 'http://127.0.0.1:9',
  }),
);

const ref = (objectType: string, externalId: string) => ({ system: 'crm', objectType, externalId });

describe('provider ids of a webhook -> canonical contacts and accounts', () => {
  it('maps contacts (and their account), companies, and activities to the entities they move', async () => {
    const store = await openSqliteStore({ path: ':memory:', clock: new FixedClock('2026-11-01T00:00:00Z') });
    await store.applyBatch(
      batch('crm.all', [
        account('crm', '900', { ref: ref('companies', '900'), name: 'Acme' }),
        contact('crm', '11', {
          ref: ref('contacts', '11'),
          email: 'a@acme.example',
          account: ref('companies', '900'),
        }),
        contact('crm', '12', { ref: ref('contacts', '12'), email: 'b@other.example' }),
        event('crm', '555', {
          ref: ref('emails', '555'),
          type: 'email_sent',
          contact: ref('contacts', '12'),
        }),
      ]),
    );
    const accountId = (await store.findContactBySource(ref('contacts', '11')))!.accountId!;
    const idOf = async (externalId: string) =>
      (await store.findContactBySource(ref('contacts', externalId)))!.id;
    const change = (objectType: string, ids: string[]) => ({
      connector: 'crm',
      objectType,
      ids,
      deleted: [],
    });

    const contacts = await changedEntities(store, hubspot, change('contacts', ['11', '404']));
    expect([...contacts.contact]).toEqual([await idOf('11')]);
    expect([...contacts.account]).toEqual([accountId]);
    const companies = await changedEntities(store, hubspot, change('companies', ['900']));
    expect([...companies.account]).toEqual([accountId]);
    expect(companies.contact.size).toBe(0);
    const emails = await changedEntities(store, hubspot, change('emails', ['555']));
    expect([...emails.contact]).toEqual([await idOf('12')]);
    await store.close();
  });

  it('re-syncs only the stream that reads the object type, or every stream when none does', () => {
    const source = createSourceConnector('crm', hubspot, { configDir: process.cwd() });
    expect(streamsFor(source, 'contacts')).toEqual(['crm.contacts']);
    expect(streamsFor(source, 'meetings')).toEqual(['crm.engagements']);
    expect(streamsFor(source, 'line_items')).toEqual([
      'crm.companies',
      'crm.contacts',
      'crm.deals',
      'crm.engagements',
    ]);
  });
});
