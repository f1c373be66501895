import { z } from 'zod';
import { SANDBOX_ENV } from './sandbox-config.ts';

/** A scored record as the CRM itself now shows it: what a rep would see on the page. */
export interface ScoredRecordView {
  readonly crm: 'hubspot' | 'salesforce';
  readonly name: string;
  readonly score: number | null;
  readonly tier: string | null;
  readonly reasons: string | null;
}

const hubspotPageSchema = z.object({
  results: z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()) })),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

/**
 * The highest churn-risk companies in the emulated HubSpot portal, read through its public list API.
 * Not through search: HubSpot's search index trails writes by seconds, so right after a write-back it
 * would still show the old values, while a list reads the records themselves.
 */
export async function topHubspotCompanies(
  url: string,
  env: Record<string, string>,
  model: string,
  limit = 3,
) {
  const prefix = `scorebridge_${model}`;
  const properties = ['name', `${prefix}_score`, `${prefix}_tier`, `${prefix}_reasons`];
  const rows: z.infer<typeof hubspotPageSchema>['results'] = [];
  let after: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '100', properties: properties.join(',') });
    if (after) query.set('after', after);
    const response = await fetch(`${url}/crm/v3/objects/companies?${query}`, {
      headers: { authorization: `Bearer ${env[SANDBOX_ENV.hubspotToken]}` },
    });
    if (!response.ok) throw new Error(`HubSpot list answered ${response.status}: ${await response.text()}`);
    const page = hubspotPageSchema.parse(await response.json());
    rows.push(...page.results.filter((row) => row.properties[`${prefix}_score`]));
    after = page.paging?.next?.after;
  } while (after);
  const score = (row: (typeof rows)[number]) => Number(row.properties[`${prefix}_score`]);
  return rows
    .sort((a, b) => score(b) - score(a) || Number(a.id) - Number(b.id))
    .slice(0, limit)
    .map(
      (row): ScoredRecordView => ({
        crm: 'hubspot',
        name: row.properties.name ?? row.id,
        score: score(row),
        tier: row.properties[`${prefix}_tier`] ?? null,
        reasons: row.properties[`${prefix}_reasons`] ?? null,
      }),
    );
}

const tokenSchema = z.object({ access_token: z.string(), instance_url: z.string() });
const querySchema = z.object({ records: z.array(z.record(z.string(), z.unknown())) });

/** The highest churn-risk accounts in the emulated Salesforce org, through OAuth and a SOQL query. */
export async function topSalesforceAccounts(
  url: string,
  env: Record<string, string>,
  clientId: string,
  fieldBase: string,
  limit = 3,
) {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: clientId,
    client_secret: env[SANDBOX_ENV.salesforceSecret] ?? '',
    refresh_token: env[SANDBOX_ENV.salesforceRefreshToken] ?? '',
  });
  const tokenResponse = await fetch(`${url}/services/oauth2/token`, { method: 'POST', body: form });
  if (!tokenResponse.ok) throw new Error(`Salesforce token endpoint answered ${tokenResponse.status}`);
  const token = tokenSchema.parse(await tokenResponse.json());
  const soql = `SELECT Name, ${fieldBase}__c, ${fieldBase}_Tier__c, ${fieldBase}_Reasons__c FROM Account WHERE ${fieldBase}__c >= 0 ORDER BY ${fieldBase}__c DESC LIMIT ${limit}`;
  const response = await fetch(
    `${token.instance_url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`,
    {
      headers: { authorization: `Bearer ${token.access_token}` },
    },
  );
  if (!response.ok) throw new Error(`Salesforce query answered ${response.status}: ${await response.text()}`);
  return querySchema.parse(await response.json()).records.map(
    (row): ScoredRecordView => ({
      crm: 'salesforce',
      name: String(row.Name ?? ''),
      score: typeof row[`${fieldBase}__c`] === 'number' ? (row[`${fieldBase}__c`] as number) : null,
      tier: (row[`${fieldBase}_Tier__c`] as string | null) ?? null,
      reasons: (row[`${fieldBase}_Reasons__c`] as string | null) ?? null,
    }),
  );
}
