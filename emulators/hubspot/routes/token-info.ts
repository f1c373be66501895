import type { TokenRegistry } from '../auth.ts';
import { notFound, validationError } from '../errors.ts';
import type { Router } from '../http/router.ts';

/**
 * `POST /oauth/v2/private-apps/get/access-token-info` with `{tokenKey}`: the private app's user,
 * account, app and scopes. Documented at the end of developers.hubspot.com/docs/api/private-apps
 * ("Get access token information"); HubSpot/hubspot-api-php#171 asks for it in the clients,
 * which is why callers reach it through the client's generic `apiRequest`.
 */
export function tokenInfoRoutes(router: Router, tokens: TokenRegistry): void {
  router.add('POST', '/oauth/v2/private-apps/get/access-token-info', (context) => {
    const body = context.body as { tokenKey?: unknown } | undefined;
    if (typeof body?.tokenKey !== 'string' || body.tokenKey === '')
      throw validationError('tokenKey is required: the private app access token to describe.');
    const info = tokens.info(body.tokenKey);
    if (!info) throw notFound('The access token was not found: it may have been rotated or deleted.');
    return { status: 200, body: info };
  });
}
