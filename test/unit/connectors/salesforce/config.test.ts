// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax for secrets, not a template.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  connectorConfigSchema,
  createDestinationConnector,
  createSourceConnector,
} from '../../../../connectors/registry.ts';
import { salesforceConnectorConfigSchema } from '../../../../connectors/salesforce/config.ts';
import { planFields } from '../../../../connectors/salesforce/field-plan.ts';
import { salesforceFieldName } from '../../../../connectors/salesforce/score-fields.ts';
import { streamSpecs } from '../../../../connectors/salesforce/streams.ts';
import { runInConfigContext } from '../../../../core/config/context.ts';

const example = parse(`
type: salesforce
instanceUrl: https://acme.my.salesforce.com
auth:
  clientId: 3MVG9-connected-app
  clientSecret: \${SF_CLIENT_SECRET}
  refreshToken: \${SF_REFRESH_TOKEN}
streams:
  contacts: { fields: { role: Buying_Role__c }, properties: [NPS__c] }
  accounts: { fields: { plan: Plan__c, mrr: MRR__c }, valueMaps: { status: { Customer: active } } }
  events: { enabled: false }
limits: { concurrency: 10, dailyApiRequests: 115000, reserveFraction: 0.2 }
writeBack: { bulkThreshold: 5000, permissionSet: Scorebridge_Integration }
`);
const env = { SF_CLIENT_SECRET: 'secret-value-123', SF_REFRESH_TOKEN: 'refresh-value-456' };
const parseIn = (input: unknown) =>
  runInConfigContext({ env, baseDir: '/' }, () => salesforceConnectorConfigSchema.safeParse(input));

describe('Salesforce connector config', () => {
  it('accepts the documented example and fills the defaults', () => {
    const parsed = parseIn(example);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({
      apiVersion: '66.0',
      loginUrl: 'https://login.salesforce.com',
      pageSize: 2000,
      bulkQuery: { threshold: 50_000, chunkSize: 250_000, pageRecords: 100_000 },
    });
    expect(parsed.data?.auth.refreshToken.reveal()).toBe('refresh-value-456');
    expect(String(parsed.data?.auth.clientSecret)).toBe('[redacted]');
  });

  it('refuses a literal secret and a field that cannot be mapped', () => {
    const literal = parseIn({ ...example, auth: { ...example.auth, clientSecret: 'pasted-secret' } });
    expect(literal.error?.issues[0]?.message).toContain('secret written literally');
    const badField = parseIn({ ...example, streams: { tasks: { fields: { email: 'Email' } } } });
    expect(badField.error?.issues[0]).toMatchObject({
      path: ['streams', 'tasks', 'fields', 'email'],
      message: expect.stringContaining('cannot be mapped on the tasks stream'),
    });
  });

  it('is registered: creates a source with the enabled streams and a destination', () => {
    const config = runInConfigContext({ env, baseDir: '/' }, () => connectorConfigSchema.parse(example));
    const source = createSourceConnector('salesforce_eu', config, { configDir: '/' });
    expect(source.streams().map((stream) => stream.name)).toEqual([
      'accounts',
      'contacts',
      'leads',
      'opportunities',
      'tasks',
    ]);
    expect(createDestinationConnector('salesforce_eu', config, { configDir: '/' })?.name).toBe(
      'salesforce_eu',
    );
  });

  it('names the config entry of a mapped field the org does not show', () => {
    const settings = parseIn(example).data!.streams.contacts;
    const available = [
      'Id',
      'IsDeleted',
      'SystemModstamp',
      'CreatedDate',
      'MasterRecordId',
      'Email',
      'FirstName',
      'LastName',
      'AccountId',
      'NPS__c',
    ];
    expect(() => planFields(streamSpecs.contacts, settings, available, { connector: 'crm' })).toThrow(
      'Contact.Buying_Role__c is not visible to the Salesforce integration user (connectors.crm.streams.contacts.fields.role)',
    );
    const plan = planFields(streamSpecs.contacts, settings, [...available, 'Buying_Role__c'], {
      connector: 'crm',
    });
    expect(plan.select).toEqual(expect.arrayContaining(['Buying_Role__c', 'NPS__c']));
    expect(plan.context.fields.role).toBe('Buying_Role__c');
  });

  it('derives Salesforce API names from score field names', () => {
    expect(salesforceFieldName('lead_score')).toBe('Lead_Score__c');
    expect(salesforceFieldName('Churn_Risk__c')).toBe('Churn_Risk__c');
    expect(() => salesforceFieldName('x'.repeat(41))).toThrow(/at most 40 characters/);
  });
});
