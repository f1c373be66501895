import type { HubspotConnectorConfig } from '../config.ts';
import { limitsForPlan } from '../plan-limits.ts';
import { type AccessTokens, OAuthAccessTokens, PrivateAppToken } from './access-tokens.ts';
import { HUBSPOT_API_URL, HubspotApi, type HubspotApiDeps } from './client.ts';

/** The API client a connector config describes. */
export function apiFromConfig(config: HubspotConnectorConfig, deps: HubspotApiDeps): HubspotApi {
  return new HubspotApi(
    {
      tokens: tokensFromConfig(config, deps),
      ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
      limits: limitsForPlan(config.plan, config.limits),
      ...(config.requestTimeoutMs ? { requestTimeoutMs: config.requestTimeoutMs } : {}),
    },
    deps,
  );
}

function tokensFromConfig(config: HubspotConnectorConfig, deps: HubspotApiDeps): AccessTokens {
  if (config.auth) {
    const { clientId, clientSecret, refreshToken } = config.auth;
    return new OAuthAccessTokens(
      {
        clientId,
        clientSecret: clientSecret.reveal(),
        refreshToken: refreshToken.reveal(),
        clientSecretSource: `\${${clientSecret.source}}`,
        refreshTokenSource: `\${${refreshToken.source}}`,
      },
      config.baseUrl ?? HUBSPOT_API_URL,
      deps.clock,
    );
  }
  // The config schema requires one of the two.
  const token = config.accessToken!;
  return new PrivateAppToken(token.reveal(), `\${${token.source}}`);
}
