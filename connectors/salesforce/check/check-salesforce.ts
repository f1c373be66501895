import type { Clock } from '../../../core/clock.ts';
import { type CheckItem, fail, ok, warn } from '../../../core/connectors/check.ts';
import { ConnectorError } from '../../../core/connectors/destination.ts';
import { silentLogger } from '../../../core/logger.ts';
import { SalesforceClient } from '../client.ts';
import type { SalesforceConnectorConfig } from '../config.ts';
import { classifySalesforceError } from '../errors.ts';
import type { ScoredModel } from '../score-fields.ts';
import { type NeededField, salesforceNeeds } from './needs.ts';

const LOW_QUOTA_SHARE = 0.1;

interface DailyLimit {
  readonly Max: number;
  readonly Remaining: number;
}

/**
 * Reaches the org with the configured refresh token and reports what the connector needs: the
 * session, the daily API allowance left (`/limits` DailyApiRequests), each object's describe as
 * the API user sees it (a field field-level security hides is absent there), and, for fields
 * describe lacks, whether they exist at all (Tooling CustomField query), so "create it" and
 * "grant access to it" are told apart.
 */
export async function checkSalesforce(
  name: string,
  config: SalesforceConnectorConfig,
  models: readonly ScoredModel[],
  tiers: readonly string[],
  clock: Clock,
): Promise<CheckItem[]> {
  const client = new SalesforceClient(config, { clock, logger: silentLogger() });
  const variable = `\${${config.auth.refreshToken.source}}`;
  const items: CheckItem[] = [];
  let daily: DailyLimit | undefined;
  try {
    const limits = (await client.call('read limits', (conn) => conn.limits())) as unknown as Record<
      string,
      DailyLimit | undefined
    >;
    daily = limits.DailyApiRequests;
  } catch (error) {
    const classified = error instanceof ConnectorError ? error : classifySalesforceError(error, 'log in');
    if (classified.kind === 'auth')
      return [
        fail(
          `Salesforce accepts the refresh token ${variable}`,
          classified.message,
          `issue a new refresh token for the integration user (connected app ${config.auth.clientId}) and set ${config.auth.refreshToken.source}`,
        ),
      ];
    return [
      fail(
        `reach Salesforce at ${config.instanceUrl}`,
        classified.message,
        `check connectors.${name}.instanceUrl and the network`,
      ),
    ];
  }
  items.push(ok(`Salesforce accepts the refresh token ${variable}`, `API version ${config.apiVersion}`));
  items.push(quotaItem(daily));

  const needed = salesforceNeeds(name, config, models, tiers);
  for (const object of new Set(needed.map((field) => field.object))) {
    const wanted = needed.filter((field) => field.object === object);
    let visible: Map<string, { updateable: boolean }>;
    try {
      visible = new Map(
        (await client.describeFields(object)).map((field) => [field.name.toLowerCase(), field]),
      );
    } catch (error) {
      items.push(
        fail(
          `the API user can read ${object}`,
          classifySalesforceError(error, `describe ${object}`).message,
          `give the integration user's profile or permission set Read on ${object}`,
        ),
      );
      continue;
    }
    const absent = wanted.filter((field) => !visible.has(field.field.toLowerCase()));
    const hidden = absent.length > 0 ? await existingCustomFields(client, object) : new Set<string>();
    items.push(...fieldItems(object, wanted, visible, hidden, config, name));
  }
  return items;
}

/** Custom fields of one object whatever field-level security says; null when Tooling is not allowed. */
async function existingCustomFields(client: SalesforceClient, object: string): Promise<Set<string> | null> {
  try {
    const result = await client.call(`list ${object} custom fields`, (conn) =>
      Promise.resolve(
        conn.tooling.query<{ DeveloperName: string }>(
          `SELECT Id, DeveloperName, TableEnumOrId FROM CustomField WHERE TableEnumOrId = '${object}'`,
        ),
      ),
    );
    return new Set(result.records.map((record) => `${record.DeveloperName}__c`.toLowerCase()));
  } catch {
    return null;
  }
}

function fieldItems(
  object: string,
  wanted: readonly NeededField[],
  visible: ReadonlyMap<string, { updateable: boolean }>,
  hidden: ReadonlySet<string> | null,
  config: SalesforceConnectorConfig,
  connector: string,
): CheckItem[] {
  const items: CheckItem[] = [];
  const grantWhere = config.writeBack.permissionSet
    ? `the permission set ${config.writeBack.permissionSet}`
    : "the integration user's profile or permission set";
  let readable = 0;
  let writable = 0;
  const notCreated: string[] = [];
  for (const need of wanted) {
    const key = need.field.toLowerCase();
    const field = visible.get(key);
    const label = `${object}.${need.field}`;
    if (field) {
      if (!need.written) readable++;
      else if (field.updateable) writable++;
      else
        items.push(
          fail(
            `${label} can be written (${need.why})`,
            'the API user can read it but not edit it (field-level security)',
            `grant Edit on ${label} in ${grantWhere}`,
          ),
        );
      continue;
    }
    if (hidden?.has(key)) {
      items.push(
        fail(
          `${label} is visible to the API user (${need.why})`,
          'the field exists, but field-level security hides it from the API user',
          `grant Read${need.written ? ' and Edit' : ''} on ${label} in ${grantWhere}`,
        ),
      );
    } else if (need.written) {
      notCreated.push(need.field);
    } else {
      items.push(
        fail(
          `${label} is visible to the API user (${need.why})`,
          hidden ? 'the org has no such field' : 'not visible: missing, or hidden by field-level security',
          need.why.startsWith('connectors.')
            ? `fix the API name at ${need.why}, or create the field`
            : `grant Read on ${label} in ${grantWhere}`,
        ),
      );
    }
  }
  const reads = wanted.filter((need) => !need.written).length;
  const writes = wanted.filter((need) => need.written).length;
  if (reads > 0 && readable === reads)
    items.unshift(ok(`${object}: fields sync reads`, `all ${reads} visible`));
  if (writes > 0 && writable === writes)
    items.push(ok(`${object}: fields scorebridge writes`, `all ${writes} exist and can be edited`));
  if (notCreated.length > 0)
    items.push(
      warn(
        `${object}: fields scorebridge writes`,
        `${notCreated.length} of ${writes} ${hidden ? 'not created yet' : 'not visible (not created yet, or hidden by field-level security)'}: ${listed(notCreated)}; write-back creates them when the API user may customize the application`,
        `an admin can create them instead: scorebridge salesforce fields --connector ${connector}`,
      ),
    );
  return items;
}

function listed(names: readonly string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

function quotaItem(daily: DailyLimit | undefined): CheckItem {
  if (!daily) return warn('daily API allowance', '/limits has no DailyApiRequests entry');
  const detail = `${daily.Remaining.toLocaleString('en-US')} of ${daily.Max.toLocaleString('en-US')} requests left in the rolling 24 hours`;
  if (daily.Remaining <= 0)
    return fail('daily API allowance', detail, 'wait for the rolling window to free requests');
  if (daily.Remaining < daily.Max * LOW_QUOTA_SHARE)
    return warn('daily API allowance', detail, 'a large sync may stop at the reserve and resume later');
  return ok('daily API allowance', detail);
}
