import { expiredAuthBody, invalidAuthBody } from './errors.ts';

/** Private-app access tokens the emulator accepts, and which of them have expired. */
export class TokenRegistry {
  readonly #tokens = new Map<string, { expiredAt: number | null }>();

  constructor(tokens: readonly string[]) {
    for (const token of tokens) this.add(token);
  }

  add(token: string): void {
    this.#tokens.set(token, { expiredAt: null });
  }

  /** From `at` on, the token is answered with 401 EXPIRED_AUTHENTICATION. */
  expire(token: string, at: number): void {
    this.#tokens.set(token, { expiredAt: at });
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
