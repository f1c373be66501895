import { createHash, randomUUID } from 'node:crypto';
import type { TokenRegistry } from './auth.ts';

/**
 * HubSpot OAuth apps: `POST /oauth/v1/token` trades a refresh token for an access token, and
 * `GET /oauth/v1/access-tokens/{token}` describes one. Rules follow HubSpot's OAuth v1 docs
 * ("Refresh an access token"; "Get information for OAuth 2.0 access token"): a form-encoded body
 * with grant_type=refresh_token, client_id, client_secret and refresh_token; the answer carries
 * `access_token`, `refresh_token`, `token_type: "bearer"` and `expires_in` (seconds). Access tokens
 * live 30 minutes ("expires after 30 minutes", OAuth v3 guide; expires_in 1800). A revoked or
 * unknown refresh token is a 400 `{status: "BAD_REFRESH_TOKEN", message: "missing or invalid
 * refresh token"}` (the answer HubSpot sends, as documented by Nango's "HubSpot OAuth
 * BAD_REFRESH_TOKEN" article); a wrong client id or secret is answered in the same shape.
 */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 1800;

export interface OAuthAppOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Refresh tokens issued to installs of this app (one per installed portal). */
  readonly refreshTokens: readonly string[];
  readonly scopes?: readonly string[];
}

interface Grant {
  readonly clientId: string;
  revoked: boolean;
}

export class OAuthApps {
  readonly #apps = new Map<string, OAuthAppOptions>();
  readonly #grants = new Map<string, Grant>();
  readonly #issued = new Map<string, { clientId: string; expiresAt: number }>();
  readonly #tokens: TokenRegistry;
  readonly #hubId: number;
  /** Access tokens issued so far (tests check that concurrent callers shared one refresh). */
  refreshes = 0;

  constructor(tokens: TokenRegistry, hubId: number, apps: readonly OAuthAppOptions[] = []) {
    this.#tokens = tokens;
    this.#hubId = hubId;
    for (const app of apps) this.addApp(app);
  }

  addApp(app: OAuthAppOptions): void {
    this.#apps.set(app.clientId, app);
    for (const token of app.refreshTokens)
      this.#grants.set(token, { clientId: app.clientId, revoked: false });
  }

  /** The portal uninstalled the app or an admin revoked its access: the refresh token stops working. */
  revoke(refreshToken: string): void {
    const grant = this.#grants.get(refreshToken);
    if (grant) grant.revoked = true;
  }

  /** HubSpot may refuse an access token before its expiry (e.g. after a security reset): 401 from now on. */
  expireAccessTokens(now: number): void {
    for (const [token, issued] of this.#issued) {
      if (issued.expiresAt <= now) continue;
      this.#tokens.expire(token, now);
      this.#issued.set(token, { ...issued, expiresAt: now });
    }
  }

  /** Answers the OAuth routes; null for any other path. */
  handle(method: string, url: URL, raw: string, now: number): { status: number; body: unknown } | null {
    if (method === 'POST' && url.pathname === '/oauth/v1/token') return this.#token(raw, now);
    const info = /^\/oauth\/v1\/access-tokens\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && info) return this.#info(decodeURIComponent(info[1]!), now);
    return null;
  }

  #token(raw: string, now: number): { status: number; body: unknown } {
    const form = new URLSearchParams(raw);
    const fail = (status: string, message: string) => ({
      status: 400,
      body: { status, message, correlationId: randomUUID() },
    });
    if (form.get('grant_type') !== 'refresh_token')
      return fail('BAD_GRANT_TYPE', 'missing or unsupported grant_type');
    const app = this.#apps.get(form.get('client_id') ?? '');
    if (!app) return fail('BAD_CLIENT_ID', 'missing or unknown client id');
    if (form.get('client_secret') !== app.clientSecret)
      return fail('BAD_CLIENT_SECRET', 'missing or invalid client secret');
    const refreshToken = form.get('refresh_token') ?? '';
    const grant = this.#grants.get(refreshToken);
    if (!grant || grant.revoked || grant.clientId !== app.clientId)
      return fail('BAD_REFRESH_TOKEN', 'missing or invalid refresh token');
    const accessToken = `oauth-na1-${createHash('sha256').update(`${refreshToken}\n${now}\n${this.refreshes}`).digest('hex').slice(0, 40)}`;
    const expiresAt = now + ACCESS_TOKEN_LIFETIME_SECONDS * 1000;
    this.refreshes++;
    this.#tokens.add(accessToken);
    this.#tokens.expire(accessToken, expiresAt);
    this.#issued.set(accessToken, { clientId: app.clientId, expiresAt });
    return {
      status: 200,
      body: {
        token_type: 'bearer',
        refresh_token: refreshToken,
        access_token: accessToken,
        expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
      },
    };
  }

  #info(token: string, now: number): { status: number; body: unknown } {
    const issued = this.#issued.get(token);
    if (!issued || issued.expiresAt <= now) {
      return {
        status: 404,
        body: {
          status: 'error',
          message: 'The access token is unknown or expired.',
          category: 'OBJECT_NOT_FOUND',
        },
      };
    }
    const app = this.#apps.get(issued.clientId);
    return {
      status: 200,
      body: {
        token,
        hub_id: this.#hubId,
        app_id: 1,
        expires_in: Math.floor((issued.expiresAt - now) / 1000),
        token_type: 'access',
        scopes: [...(app?.scopes ?? ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'])],
      },
    };
  }
}
