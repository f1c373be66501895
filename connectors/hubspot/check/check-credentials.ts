import type { Clock } from '../../../core/clock.ts';
import { type CheckItem, fail } from '../../../core/connectors/check.ts';
import { OAuthAccessTokens } from '../api/access-tokens.ts';
import type { HubspotConnectorConfig } from '../config.ts';

/** A bearer token the check can use, with the words its findings need. */
export interface CheckedCredential {
  readonly kind: 'private-app' | 'oauth';
  readonly token: string;
  /** How the config names it, e.g. `${HUBSPOT_TOKEN}` (never the value). */
  readonly label: string;
  /** What to do when HubSpot refuses it or a scope is missing. */
  readonly renewHint: string;
  readonly scopeHint: string;
}

/**
 * Turns the configured credentials into a token: a private-app token as it is, an OAuth app's
 * refresh token exchanged once (so a revoked refresh token is named here, before any other call).
 */
export async function checkedCredential(
  config: HubspotConnectorConfig,
  baseUrl: string,
  clock: Clock,
): Promise<CheckedCredential | CheckItem> {
  if (config.auth) {
    const { clientId, clientSecret, refreshToken } = config.auth;
    const refreshSource = `\${${refreshToken.source}}`;
    let tokens: OAuthAccessTokens;
    try {
      tokens = new OAuthAccessTokens(
        {
          clientId,
          clientSecret: clientSecret.reveal(),
          refreshToken: refreshToken.reveal(),
          clientSecretSource: `\${${clientSecret.source}}`,
          refreshTokenSource: refreshSource,
        },
        baseUrl,
        clock,
      );
    } catch (error) {
      return fail(
        'the OAuth app credentials are set',
        (error as Error).message,
        'set the variables named in auth',
      );
    }
    try {
      return {
        kind: 'oauth',
        token: await tokens.token(),
        label: `of the OAuth app ${clientId} (refresh token ${refreshSource})`,
        renewHint: `install the app in the HubSpot account again and put its new refresh token in ${refreshToken.source}`,
        scopeHint: `add the scope to the app's requested scopes, reinstall it, and put the new refresh token in ${refreshToken.source}`,
      };
    } catch (error) {
      return fail(
        `HubSpot issues an access token for the OAuth app ${clientId}`,
        (error as Error).message,
        `check auth.clientId, ${clientSecret.source} and ${refreshToken.source}`,
      );
    }
  }
  // The config schema requires one of accessToken and auth.
  const accessToken = config.accessToken!;
  try {
    return {
      kind: 'private-app',
      token: accessToken.reveal(),
      label: `\${${accessToken.source}}`,
      renewHint: `open the private app in HubSpot (Settings > Integrations > Private apps > Auth), copy its current token into ${accessToken.source}`,
      scopeHint: `add it on the private app's Scopes tab in HubSpot, then copy the new token into ${accessToken.source}`,
    };
  } catch (error) {
    return fail('the access token is set', (error as Error).message, `set ${accessToken.source}`);
  }
}
