import { expiredAuthBody, invalidAuthBody } from './errors.ts';

/**
 * The scopes a private app gets when none are given: everything scorebridge reads and writes
 * (records, engagements, owners, custom properties). Scope names from HubSpot's scopes reference
 * (developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/scopes).
 */
export const DEFAULT_PRIVATE_APP_SCOPES: readonly string[] = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.objects.deals.read',
  'crm.objects.owners.read',
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
  'crm.schemas.companies.read',
  'crm.schemas.companies.write',
  'sales-email-read',
];

/** The private app behind every emulator token (ids as HubSpot's access-token-info returns them). */
const EMULATOR_APP = { userId: 1_000_001, hubId: 1_234_567, appId: 2_000_001 } as const;

/** Private-app access tokens the emulator accepts, which of them have expired, and their scopes. */
export class TokenRegistry {
  readonly #tokens = new Map<string, { expiredAt: number | null; scopes: readonly string[] }>();

  constructor(tokens: readonly string[]) {
    for (const token of tokens) this.add(token);
  }

  add(token: string, scopes: readonly string[] = DEFAULT_PRIVATE_APP_SCOPES): void {
    this.#tokens.set(token, { expiredAt: null, scopes: [...scopes] });
  }

  /** Replaces a token's scopes, as editing a private app's scopes in HubSpot does. */
  setScopes(token: string, scopes: readonly string[]): void {
    const entry = this.#tokens.get(token);
    if (entry) this.#tokens.set(token, { ...entry, scopes: [...scopes] });
  }

  /**
   * What `POST /oauth/v2/private-apps/get/access-token-info` answers for a token
   * (developers.hubspot.com/docs/api/private-apps, "Get access token information"), or null
   * when the token is unknown.
   */
  info(token: string): { userId: number; hubId: number; appId: number; scopes: string[] } | null {
    const entry = this.#tokens.get(token);
    return entry ? { ...EMULATOR_APP, scopes: [...entry.scopes] } : null;
  }

  /** From `at` on, the token is answered with 401 EXPIRED_AUTHENTICATION. */
  expire(token: string, at: number): void {
    this.#tokens.set(token, { expiredAt: at, scopes: this.#tokens.get(token)?.scopes ?? [] });
  }

  revoke(token: string): void {
    this.#tokens.delete(token);
  }

  /** null when the Authorization header carries a live token, else the 401 body to send. */
  check(
    authorization: string | undefined,
    now: number,
  ): { token: string; rejection: null } | { token: null; rejection: Record<string, unknown> } {
    const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    const token = match?.[1]?.trim();
    const entry = token ? this.#tokens.get(token) : undefined;
    if (!token || !entry) return { token: null, rejection: invalidAuthBody() };
    if (entry.expiredAt !== null && entry.expiredAt <= now)
      return { token: null, rejection: expiredAuthBody(now - entry.expiredAt) };
    return { token, rejection: null };
  }
}
