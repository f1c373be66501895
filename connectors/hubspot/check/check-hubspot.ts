import { Client } from '@hubspot/api-client';
import type { Clock } from '../../../core/clock.ts';
import { type CheckItem, fail, ok, warn } from '../../../core/connectors/check.ts';
import { HUBSPOT_API_URL } from '../api/client.ts';
import type { HubspotConnectorConfig } from '../config.ts';
import { checkedCredential } from './check-credentials.ts';
import { type CheckedModel, hubspotNeeds, type NeededProperty } from './needs.ts';

/** Below this share of the daily allowance left, the check warns. */
const LOW_QUOTA_SHARE = 0.1;

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

/**
 * Reaches the portal with the configured private-app token or OAuth app and reports what the connector needs:
 * the token is accepted, its scopes (read through access-token-info), the properties the
 * mappings read and write-back writes, and the daily API allowance left (from the
 * X-HubSpot-RateLimit-Daily headers). Four requests in all.
 */
export async function checkHubspot(
  name: string,
  config: HubspotConnectorConfig,
  models: readonly CheckedModel[],
  clock: Clock,
): Promise<CheckItem[]> {
  const baseUrl = config.baseUrl ?? HUBSPOT_API_URL;
  const credential = await checkedCredential(config, baseUrl, clock);
  if (!('token' in credential)) return [credential];
  const token = credential.token;
  const client = new Client({ accessToken: token, basePath: baseUrl });
  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const response = await client.apiRequest({ method, path, ...(body ? { body } : {}) });
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { message: text.slice(0, 200) };
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };

  const items: CheckItem[] = [];
  let info: Answer;
  try {
    // Private-app tokens are described by access-token-info; OAuth access tokens by GET
    // /oauth/v1/access-tokens/{token}. Both answer with the token's scopes.
    info =
      credential.kind === 'oauth'
        ? await call('GET', `/oauth/v1/access-tokens/${encodeURIComponent(token)}`)
        : await call('POST', '/oauth/v2/private-apps/get/access-token-info', { tokenKey: token });
  } catch (error) {
    return [
      fail(
        `reach HubSpot at ${baseUrl}`,
        `the request failed: ${(error as Error).message}`,
        'check the network, a proxy, or connectors.' + `${name}.baseUrl`,
      ),
    ];
  }
  if (info.status === 401)
    return [
      fail(
        `HubSpot accepts the access token ${credential.label}`,
        `HubSpot answered 401 ${String(info.body.category ?? '')}: the token is invalid or was revoked or rotated`,
        credential.renewHint,
      ),
    ];
  const scopes = Array.isArray(info.body.scopes) ? new Set(info.body.scopes.map(String)) : null;
  if (info.status !== 200 || !scopes) {
    items.push(
      warn(
        `HubSpot accepts the access token ${credential.label}`,
        `its scopes could not be read (the token-info endpoint answered ${info.status}); checking objects and properties only`,
      ),
    );
  } else {
    items.push(
      ok(
        `HubSpot accepts the access token ${credential.label}`,
        credential.kind === 'oauth'
          ? `OAuth app ${String(info.body.app_id)} installed in account ${String(info.body.hub_id)}`
          : `private app ${String(info.body.appId)} in account ${String(info.body.hubId)}`,
      ),
    );
  }

  const needs = hubspotNeeds(name, config, models);
  if (scopes) {
    const missing = needs.scopes.filter((need) => !scopes.has(need.scope));
    for (const need of missing)
      items.push(fail(`scope ${need.scope}`, `the token lacks it; ${need.why}`, credential.scopeHint));
    if (missing.length === 0)
      items.push(ok('scopes', `all ${needs.scopes.length} scopes scorebridge needs are granted`));
  }

  let last: Answer = info;
  const objectTypes = [...new Set(needs.properties.map((property) => property.objectType))];
  for (const objectType of objectTypes) {
    const answer = await call('GET', `/crm/v3/properties/${objectType}`);
    last = answer;
    if (answer.status !== 200) {
      items.push(
        fail(
          `read the ${objectType} properties`,
          `HubSpot answered ${answer.status}: ${String(answer.body.message ?? '')}`.trim(),
          answer.status === 403
            ? `grant the private app the crm.schemas.${objectType}.read scope`
            : 'run the check again; if it persists, see HubSpot status',
        ),
      );
      continue;
    }
    const results = Array.isArray(answer.body.results) ? answer.body.results : [];
    const existing = new Set(results.map((result) => String((result as { name?: unknown }).name)));
    const wanted = needs.properties.filter((property) => property.objectType === objectType);
    items.push(...propertyItems(objectType, wanted, existing, scopes, name));
  }
  items.push(quotaItem(last.headers));
  return items;
}

function propertyItems(
  objectType: string,
  wanted: readonly NeededProperty[],
  existing: ReadonlySet<string>,
  scopes: ReadonlySet<string> | null,
  connector: string,
): CheckItem[] {
  const items: CheckItem[] = [];
  const synced = wanted.filter((property) => !property.score);
  const missingSynced = synced.filter((property) => !existing.has(property.name));
  for (const property of missingSynced)
    items.push(
      fail(
        `${objectType} property ${property.name}`,
        'sync reads it, but the portal has no such property',
        property.configPath
          ? `create it in HubSpot (Settings > Properties), or name an existing property at ${property.configPath}`
          : `this standard HubSpot property should exist: check the portal, or remove the stream from connectors.${connector}.streams`,
      ),
    );
  if (synced.length > 0 && missingSynced.length === 0)
    items.push(ok(`${objectType} properties sync reads`, `all ${synced.length} exist`));
  const scoreProperties = wanted.filter((property) => property.score);
  const missingScore = scoreProperties.filter((property) => !existing.has(property.name));
  if (scoreProperties.length === 0) return items;
  if (missingScore.length === 0) {
    items.push(ok(`${objectType} score properties`, `all ${scoreProperties.length} exist`));
  } else if (!scopes || scopes.has(`crm.schemas.${objectType}.write`)) {
    items.push(
      warn(
        `${objectType} score properties`,
        `${missingScore.length} of ${scoreProperties.length} do not exist yet (${missingScore
          .slice(0, 3)
          .map((property) => property.name)
          .join(', ')}${missingScore.length > 3 ? ', ...' : ''}); write-back creates them`,
      ),
    );
  } else {
    items.push(
      fail(
        `${objectType} score properties`,
        `${missingScore.length} of ${scoreProperties.length} do not exist, and the token may not create them`,
        `grant crm.schemas.${objectType}.write, or create them in HubSpot: ${missingScore.map((property) => property.name).join(', ')}`,
      ),
    );
  }
  return items;
}

/** The daily allowance from the last answer's headers (private apps get them; OAuth apps do not). */
function quotaItem(headers: Headers): CheckItem {
  const daily = Number(headers.get('x-hubspot-ratelimit-daily'));
  const remaining = Number(headers.get('x-hubspot-ratelimit-daily-remaining'));
  if (!headers.has('x-hubspot-ratelimit-daily') || !Number.isFinite(daily) || !Number.isFinite(remaining))
    return ok('daily API allowance', 'HubSpot sent no daily limit headers (none apply to OAuth apps)');
  const detail = `${remaining.toLocaleString('en-US')} of ${daily.toLocaleString('en-US')} requests left today`;
  if (remaining === 0)
    return fail(
      'daily API allowance',
      detail,
      "wait for midnight in the account's time zone, or lower other integrations' use",
    );
  if (remaining < daily * LOW_QUOTA_SHARE)
    return warn('daily API allowance', detail, 'a full sync may stop early; it resumes from its checkpoint');
  return ok('daily API allowance', detail);
}
