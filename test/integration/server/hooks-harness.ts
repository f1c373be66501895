import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { parse } from 'yaml';
import { type LoadedConfig, redact, scorebridgeConfigSchema, summarize } from '../../../app/config/index.ts';
import { type HooksOptions, type HooksRouter, hooksRouter } from '../../../app/server/hooks/index.ts';
import type { ServerDeps } from '../../../app/server/server-deps.ts';
import type { SharedLimits } from '../../../app/shared-limits.ts';
import { openProductStore } from '../../../app/store.ts';
import type { Clock } from '../../../core/clock.ts';
import { runInConfigContext } from '../../../core/config/index.ts';
import { type Logger, silentLogger } from '../../../core/logger.ts';

export const HUBSPOT_SECRET = 'hubspot-app-client-secret-0123456789';
export const SALESFORCE_SECRET = 'salesforce-relay-secret-0123456789';
export const UNSUBSCRIBE_SECRET = 'unsubscribe-signing-key-0123456789';

export interface HooksServer {
  readonly url: string;
  readonly dir: string;
  readonly deps: ServerDeps;
  readonly router: HooksRouter;
  close(): Promise<void>;
}

/**
 * A bare express app with only the hooks router, on 127.0.0.1, over a real SQLite store file and
 * a config file read the way `scorebridge serve` reads it.
 */
export async function startHooksServer(options: {
  readonly config: string;
  readonly clock: Clock;
  readonly hooks: HooksOptions;
  readonly env?: Record<string, string>;
  readonly logger?: Logger;
  /** Limits shared with other servers (a Postgres store); this server's memory when absent. */
  readonly limits?: SharedLimits;
}): Promise<HooksServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-hooks-'));
  const file = path.join(dir, 'scorebridge.yaml');
  writeFileSync(file, options.config);
  const env = {
    HUBSPOT_CLIENT_SECRET: HUBSPOT_SECRET,
    SALESFORCE_WEBHOOK_SECRET: SALESFORCE_SECRET,
    UNSUBSCRIBE_SECRET,
    ...options.env,
  };
  const loaded = loadConfigText(file, options.config, env);
  const store = await openProductStore(loaded.config.store.path, options.clock);
  const deps: ServerDeps = {
    loaded,
    store,
    clock: options.clock,
    logger: options.logger ?? silentLogger(),
    env,
    ...(options.limits ? { limits: options.limits } : {}),
  };
  const router = hooksRouter(deps, options.hooks);
  const app = express();
  app.use(router);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    deps,
    router,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await router.settled();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The config as loadConfig builds it, validated with the same schema in the same context. Not
 * loadConfig itself: app/config/server.ts wraps its secretRef()s in .describe(), which hides the
 * secret marker, so the file reader interpolates `${VAR}` first and then refuses the value as a
 * literal secret (reported to the lead).
 */
export function loadConfigText(file: string, text: string, env: Record<string, string>): LoadedConfig {
  const configDir = path.dirname(file);
  const config = runInConfigContext({ env, baseDir: configDir }, () =>
    scorebridgeConfigSchema.parse(parse(text)),
  );
  return {
    file,
    displayFile: file,
    configDir,
    config,
    summary: summarize(config),
    describe: () => redact(config),
  };
}

/** HubSpot's v3 signature, written out from the documented recipe (independent of the product code). */
export function signHubspot(uri: string, body: string, timestamp: number, secret = HUBSPOT_SECRET): string {
  return createHmac('sha256', secret).update(`POST${uri}${body}${timestamp}`, 'utf8').digest('base64');
}

export function signSalesforce(body: string, timestamp: number, secret = SALESFORCE_SECRET): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('base64');
}

/** POSTs a HubSpot delivery signed for `signedUri` (the address HubSpot was configured with). */
export function postHubspot(
  url: string,
  body: string,
  headers: { signature?: string; timestamp?: number },
): Promise<Response> {
  return fetch(`${url}/hooks/hubspot`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(headers.signature === undefined ? {} : { 'x-hubspot-signature-v3': headers.signature }),
      ...(headers.timestamp === undefined
        ? {}
        : { 'x-hubspot-request-timestamp': String(headers.timestamp) }),
    },
    body,
  });
}

export function hubspotEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: 100,
    subscriptionId: 7,
    portalId: 62515,
    appId: 54321,
    occurredAt: 1_793_000_000_000,
    subscriptionType: 'contact.propertyChange',
    attemptNumber: 0,
    objectId: 123,
    changeSource: 'CRM',
    propertyName: 'jobtitle',
    propertyValue: 'VP Sales',
    ...overrides,
  };
}
