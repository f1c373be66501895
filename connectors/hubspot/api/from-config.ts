import type { HubspotConnectorConfig } from '../config.ts';
import { limitsForPlan } from '../plan-limits.ts';
import { HubspotApi, type HubspotApiDeps } from './client.ts';

/** The API client a connector config describes. */
export function apiFromConfig(config: HubspotConnectorConfig, deps: HubspotApiDeps): HubspotApi {
  return new HubspotApi(
    {
      accessToken: config.accessToken.reveal(),
      tokenSource: `\${${config.accessToken.source}}`,
      ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
      limits: limitsForPlan(config.plan, config.limits),
      ...(config.requestTimeoutMs ? { requestTimeoutMs: config.requestTimeoutMs } : {}),
    },
    deps,
  );
}
