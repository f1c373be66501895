import { createHash } from 'node:crypto';
import { Client } from '@hubspot/api-client';
import type { Clock } from '../../../core/clock.ts';
import { ConnectorError } from '../../../core/connectors/destination.ts';
import { toConnectorError } from './errors.ts';

/** Where the connector's bearer tokens come from: a private-app token, or an OAuth app's refreshes. */
export interface AccessTokens {
  /** A token to send now; refreshes first when the current one is missing or about to expire. */
  token(): Promise<string>;
  /**
   * HubSpot refused `token` (401): forget it so the next token() fetches a new one. False when
   * there is nothing to refresh (a private-app token), so the 401 stands.
   */
  invalidate(token: string): boolean;
  /** Identifies the HubSpot account for the shared rate-limit throttle (never the secret itself). */
  readonly accountKey: string;
  /** What to do when HubSpot refuses the credentials. */
  readonly authHint: string;
}

/** A private-app token: it does not expire on its own, so there is nothing to refresh. */
export class PrivateAppToken implements AccessTokens {
  readonly accountKey: string;
  readonly authHint: string;
  readonly #token: string;

  constructor(token: string, source: string) {
    this.#token = token;
    this.accountKey = `private-app:${createHash('sha256').update(token).digest('hex')}`;
    this.authHint = `The access token is invalid or expired: create a new private app token and set it in ${source}.`;
  }

  async token(): Promise<string> {
    return this.#token;
  }

  invalidate(): boolean {
    return false;
  }
}

export interface OAuthCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  /** The env var names holding the secrets, named in errors (never the values). */
  readonly clientSecretSource: string;
  readonly refreshTokenSource: string;
}

/** Refresh this long before HubSpot's expiry, so a request never leaves with a token about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * An OAuth app's access tokens, obtained from its refresh token through `POST /oauth/v1/token`
 * (the official client's `oauth.tokensApi.create`). Tokens live `expires_in` seconds (1800 at
 * HubSpot); a new one is fetched five minutes before that, and once more after a 401. Callers that
 * need a token while a refresh is under way share that refresh. Tokens are kept only in memory.
 */
export class OAuthAccessTokens implements AccessTokens {
  readonly accountKey: string;
  readonly authHint: string;
  readonly #credentials: OAuthCredentials;
  readonly #client: Client;
  readonly #clock: Clock;
  #current: { token: string; expiresAt: number } | null = null;
  #pending: Promise<string> | null = null;
  /** Refreshes done, for logs and tests. */
  refreshes = 0;

  constructor(credentials: OAuthCredentials, basePath: string, clock: Clock) {
    this.#credentials = credentials;
    this.#clock = clock;
    this.#client = new Client({ basePath, numberOfApiCallRetries: 0 });
    this.accountKey = `oauth:${credentials.clientId}:${createHash('sha256').update(credentials.refreshToken).digest('hex')}`;
    this.authHint =
      `HubSpot refused the OAuth app's access token. Check that the app is still installed with the scopes ` +
      `scorebridge needs; if it was reinstalled, put its new refresh token in ${credentials.refreshTokenSource}.`;
  }

  token(): Promise<string> {
    const now = this.#clock.now().getTime();
    if (this.#current && now < this.#current.expiresAt - REFRESH_MARGIN_MS)
      return Promise.resolve(this.#current.token);
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  invalidate(token: string): boolean {
    if (this.#current?.token === token) this.#current = null;
    return true;
  }

  async #refresh(): Promise<string> {
    const { clientId, clientSecret, refreshToken } = this.#credentials;
    const requestedAt = this.#clock.now().getTime();
    try {
      const answer = await this.#client.oauth.tokensApi.create(
        'refresh_token',
        undefined,
        undefined,
        clientId,
        clientSecret,
        refreshToken,
      );
      this.refreshes++;
      this.#current = { token: answer.accessToken, expiresAt: requestedAt + answer.expiresIn * 1000 };
      return answer.accessToken;
    } catch (error) {
      throw this.#refreshError(error);
    }
  }

  /** A refused refresh says which credential to fix; network trouble and 5xx stay retryable. */
  #refreshError(error: unknown): Error {
    const status = (error as { code?: unknown }).code;
    const body = ((error as { body?: unknown }).body ?? {}) as { status?: unknown; message?: unknown };
    if (status === 400 || status === 401) {
      const reason = `${String(body.status ?? status)}: ${String(body.message ?? 'refused')}`;
      const { clientSecretSource, refreshTokenSource, clientId } = this.#credentials;
      const what =
        body.status === 'BAD_CLIENT_ID'
          ? `HubSpot does not know the OAuth client id "${clientId}": copy the app's client id from its Auth settings into auth.clientId.`
          : body.status === 'BAD_CLIENT_SECRET'
            ? `HubSpot refused the client secret in ${clientSecretSource}: copy the app's client secret from its Auth settings.`
            : `The refresh token in ${refreshTokenSource} was revoked or is invalid (the app was uninstalled, or access ` +
              `was removed). Install the app in the HubSpot account again and put the new refresh token in ${refreshTokenSource}.`;
      return new ConnectorError(`HubSpot refused to refresh the access token (${reason}). ${what}`, {
        kind: 'auth',
        status: status as number,
        cause: error,
      });
    }
    return toConnectorError(error, {
      label: 'POST /oauth/v1/token',
      now: this.#clock.now(),
      msUntilDailyReset: () => 60_000,
      authHint: this.authHint,
    });
  }
}
