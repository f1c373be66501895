// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax for secrets, not a template.
import { BigQuery } from '@google-cloud/bigquery';
import { type AuthClient, JWT, OAuth2Client } from 'google-auth-library';
import type { Secret } from '../../core/secret.ts';

const BIGQUERY_SCOPE = 'https://www.googleapis.com/auth/bigquery';

export interface BigQueryClientOptions {
  readonly projectId: string;
  readonly location?: string;
  /** Base URL of the API (e.g. the emulator's); Google's own endpoint when omitted. */
  readonly apiEndpoint?: string;
  /** A service-account key file's JSON text. */
  readonly credentials?: Secret;
  /**
   * Authenticate with a fixed fake token instead of credentials. Only for an emulator on this
   * machine: without it, google-auth-library would probe the GCE metadata server off-host.
   */
  readonly emulatorAuth?: boolean;
}

/** A BigQuery client and a count of the HTTP requests it has made (every request is authorised once). */
export interface CountedBigQuery {
  readonly bigquery: BigQuery;
  requests(): number;
}

export function createBigQueryClient(options: BigQueryClientOptions): CountedBigQuery {
  let requests = 0;
  const authClient = authClientFor(options);
  const authorise = authClient.getRequestHeaders.bind(authClient);
  authClient.getRequestHeaders = (url?: string | URL) => {
    requests++;
    return authorise(url);
  };
  const bigquery = new BigQuery({
    projectId: options.projectId,
    ...(options.location ? { location: options.location } : {}),
    ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
    authClient,
  });
  return { bigquery, requests: () => requests };
}

function authClientFor(options: BigQueryClientOptions): AuthClient {
  if (options.emulatorAuth) {
    if (!options.apiEndpoint || !isLoopback(options.apiEndpoint)) {
      throw new Error(
        `emulator auth is only allowed with a loopback apiEndpoint (got ${options.apiEndpoint ?? 'none'}); use credentials for a real project`,
      );
    }
    const client = new OAuth2Client();
    // A token that never expires, so the client never tries to refresh it.
    client.setCredentials({ access_token: 'emulator', expiry_date: Number.MAX_SAFE_INTEGER });
    return client;
  }
  if (!options.credentials) {
    throw new Error(
      'BigQuery credentials are missing: set credentials: ${VAR} to a service-account key JSON (or apiEndpoint to a local emulator)',
    );
  }
  const key = parseServiceAccountKey(options.credentials);
  return new JWT({ email: key.client_email, key: key.private_key, scopes: [BIGQUERY_SCOPE] });
}

function parseServiceAccountKey(secret: Secret): { client_email: string; private_key: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret.reveal());
  } catch {
    throw new Error(`${secret.source} is not JSON: it must hold a service-account key file's contents`);
  }
  const key = parsed as Record<string, unknown>;
  if (typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
    throw new Error(
      `${secret.source} is not a service-account key: client_email and private_key are required`,
    );
  }
  return { client_email: key.client_email, private_key: key.private_key };
}

export function isLoopback(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}
