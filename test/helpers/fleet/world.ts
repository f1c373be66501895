import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_EMULATOR_TOKEN,
  type HubspotEmulator,
  seedHubspotFromDemo,
  startHubspotEmulator,
} from '../../../emulators/hubspot/index.ts';
import {
  type SalesforceEmulator,
  seedSalesforceFromDemo,
  startSalesforceEmulator,
} from '../../../emulators/salesforce/index.ts';
import { startScriptedSmtp } from '../../integration/workflows/app/scripted-smtp.ts';

const TEMPLATES = fileURLToPath(new URL('../../../config/templates', import.meta.url));
const DAY_MS = 86_400_000;

/** Where the emails come from: their Message-IDs end in this domain. */
export const SENDING_DOMAIN = 'fleet.example';
/** The address a load balancer would give both API replicas; webhooks are signed for it. */
export const PUBLIC_URL = 'https://scorebridge.fleet.example';
/** Requests per API key per minute, for the whole deployment. */
export const RATE_PER_MINUTE = 30;

export const FLEET_ENV = {
  FLEET_HUBSPOT_TOKEN: DEFAULT_EMULATOR_TOKEN,
  FLEET_UNSUBSCRIBE_SECRET: 'fleet-unsubscribe-signing-key-0123456789',
  FLEET_HUBSPOT_APP_SECRET: 'fleet-hubspot-app-client-secret-0123456789',
} as const;

/**
 * The retention sequence the fault test drives: one task in each CRM, then three emails a few
 * seconds apart (delays are fractional hours, so the wall clock moves the sequence on). Every
 * account entering any churn tier is enrolled once.
 */
export function faultWorkflowYaml(emailGapHours: number): string {
  return `name: fleet
description: Fault test sequence - a task in each CRM, then three emails
templates: retention
entry:
  triggers:
    - { on: tier_change, model: churn_risk, to: low }
    - { on: tier_change, model: churn_risk, to: medium }
    - { on: tier_change, model: churn_risk, to: high }
steps:
  - { action: create_task, to: hubspot, subject: Call about the product review, due_in: { amount: 1, unit: days } }
  - { action: create_task, to: salesforce, subject: Call about the product review, due_in: { amount: 1, unit: days } }
  - { action: send_email, template: day0-checkin, category: retention }
  - { action: send_email, template: day3-roi, category: retention, delay: { amount: ${emailGapHours}, unit: hours } }
  - { action: send_email, template: day7-optimization-session, category: retention, delay: { amount: ${emailGapHours}, unit: hours } }
delivery:
  sendWindow: null
  sendDays: [mon, tue, wed, thu, fri, sat, sun]
`;
}

export interface HostConfigOptions {
  /** `postgres` shares one database; `sqlite` is the one-machine baseline. */
  readonly store: 'postgres' | 'sqlite';
  readonly serverPort?: number;
  /** Also score leads (every contact), beside churn risk (customer accounts). */
  readonly leadModel?: boolean;
  /** Extra top-level YAML (schedules:, jobs:, ...), appended as is. */
  readonly extraYaml?: string;
}

export interface FleetWorld {
  readonly dir: string;
  readonly hubspot: HubspotEmulator;
  readonly salesforce: SalesforceEmulator;
  readonly smtp: Awaited<ReturnType<typeof startScriptedSmtp>>;
  /** Where the seeded history ends: the start of today (UTC), so the safety gates see fresh data. */
  readonly asOf: string;
  /** Every variable the configs reference (DATABASE_URL included when given). */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Writes the config of one "host" in its own folder (its local files, such as the analytics
   * replica, stay there as they would on a separate machine) and returns the file.
   */
  hostConfig(host: string, options: HostConfigOptions): string;
  close(): Promise<void>;
}

export interface FleetWorldOptions {
  readonly dir: string;
  readonly contacts: number;
  readonly seed?: number;
  readonly databaseUrl?: string;
  /** Hours between the sequence's emails. */
  readonly emailGapHours: number;
  /** Requests per 10 s the HubSpot emulator allows (its Professional plan: 190). */
  readonly hubspotPerTenSeconds?: number;
  readonly latencyMs?: number;
  /** How long the SMTP server takes to answer each message. */
  readonly smtpReplyDelayMs?: number;
}

export function startOfTodayUtc(now = Date.now()): string {
  return new Date(Math.floor(now / DAY_MS) * DAY_MS).toISOString();
}

/** Both CRMs seeded with the same demo business, a real SMTP server, and the shared workflow. */
export async function startFleetWorld(options: FleetWorldOptions): Promise<FleetWorld> {
  const seed = options.seed ?? 11;
  const asOf = startOfTodayUtc();
  const hubspot = await startHubspotEmulator({
    host: '127.0.0.1',
    port: 0,
    seed,
    latencyMs: options.latencyMs ?? 0,
    rateLimit: { perTenSeconds: options.hubspotPerTenSeconds ?? 190 },
  });
  const salesforce = await startSalesforceEmulator({
    host: '127.0.0.1',
    port: 0,
    seed,
    latencyMs: options.latencyMs ?? 0,
  });
  const smtp = await startScriptedSmtp({ replyDelayMs: options.smtpReplyDelayMs ?? 0 });
  seedHubspotFromDemo(hubspot, { contacts: options.contacts, seed, asOf });
  seedSalesforceFromDemo(salesforce.state, { contacts: options.contacts, seed, asOf });
  const workflowsDir = path.join(options.dir, 'workflows');
  mkdirSync(workflowsDir, { recursive: true });
  writeFileSync(path.join(workflowsDir, 'fleet.yaml'), faultWorkflowYaml(options.emailGapHours));
  const credentials = salesforce.credentials();
  const env: Record<string, string> = {
    ...FLEET_ENV,
    FLEET_SALESFORCE_SECRET: credentials.clientSecret,
    FLEET_SALESFORCE_REFRESH_TOKEN: credentials.refreshToken,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  };
  const endpoints = {
    hubspotUrl: hubspot.url,
    salesforceUrl: salesforce.url,
    salesforceClientId: credentials.clientId,
    smtpPort: smtp.port,
    workflowsDir,
  };
  return {
    dir: options.dir,
    hubspot,
    salesforce,
    smtp,
    asOf,
    env,
    hostConfig(host, hostOptions) {
      const hostDir = path.join(options.dir, host);
      mkdirSync(hostDir, { recursive: true });
      const file = path.join(hostDir, 'scorebridge.yaml');
      writeFileSync(file, fleetConfigYaml(endpoints, hostOptions));
      return file;
    },
    async close() {
      await Promise.all([hubspot.close(), salesforce.close(), smtp.close()]);
    },
  };
}

interface Endpoints {
  readonly hubspotUrl: string;
  readonly salesforceUrl: string;
  readonly salesforceClientId: string;
  readonly smtpPort: number;
  readonly workflowsDir: string;
}

function storeYaml(store: HostConfigOptions['store']): string {
  return store === 'postgres'
    ? // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's own ${VAR} syntax
      'store:\n  type: postgres\n  url: ${DATABASE_URL}\n  path: local/scorebridge.db'
    : 'store:\n  path: scorebridge.db';
}

/** One host's config: both CRMs, the churn model, write-back, the SMTP server and the API. */
export function fleetConfigYaml(endpoints: Endpoints, options: HostConfigOptions): string {
  return `version: 1
${storeYaml(options.store)}
identity:
  systemPriority: [salesforce, hubspot]
connectors:
  hubspot:
    type: hubspot
    accessToken: \${FLEET_HUBSPOT_TOKEN}
    baseUrl: ${endpoints.hubspotUrl}
    plan: professional
    accountFields: { plan: plan, mrr: mrr, status: customer_status, churnedAt: churn_date }
  salesforce:
    type: salesforce
    instanceUrl: ${endpoints.salesforceUrl}
    loginUrl: ${endpoints.salesforceUrl}
    apiVersion: '66.0'
    auth:
      clientId: ${endpoints.salesforceClientId}
      clientSecret: \${FLEET_SALESFORCE_SECRET}
      refreshToken: \${FLEET_SALESFORCE_REFRESH_TOKEN}
    writeBack: { permissionSet: Scorebridge_Integration }
    streams:
      contacts: { fields: { role: Buying_Role__c, timezone: Time_Zone__c } }
      leads: { fields: { role: Buying_Role__c, timezone: Time_Zone__c, lifecycleStage: Lifecycle_Stage__c } }
      accounts:
        fields: { plan: Plan__c, mrr: MRR__c, churnedAt: Churned_At__c }
        valueMaps: { status: { Prospect: prospect, Trial: trial, Customer: active, "Former Customer": churned } }
scoring:
  models:
    churn_risk: { kind: churn, entity: account, horizonDays: 90, tiers: { by: percentile, high: 10, medium: 30 } }
${options.leadModel ? '    lead_score: { kind: lead, entity: contact, horizonDays: 90 }\n' : ''}workflows:
  dir: ${endpoints.workflowsDir}
  templates: ${TEMPLATES}
email:
  from: { address: success@${SENDING_DOMAIN}, name: Fleet Customer Success }
  transport: { type: smtp, host: 127.0.0.1, port: ${endpoints.smtpPort}, requireTLS: false, maxConnections: 2 }
  consent: unless_opted_out
  unsubscribe: { url: "${PUBLIC_URL}/v1/unsubscribe", secret: "\${FLEET_UNSUBSCRIBE_SECRET}" }
  content:
    product: Acme Analytics
    loginUrl: https://app.fleet.example/login
    helpUrl: https://help.fleet.example
    company: Fleet Test Inc.
    postalAddress: "1 Test Street, Testville"
  csms:
    - { id: jordan, name: Jordan Lee, email: jordan.lee@${SENDING_DOMAIN} }
server:
  host: 127.0.0.1
  port: ${options.serverPort ?? 0}
  publicUrl: ${PUBLIC_URL}
  # Low, so a short burst shows whether the replicas share one allowance per key.
  rateLimit: { perMinute: ${RATE_PER_MINUTE} }
  webhooks:
    hubspot:
      clientSecret: \${FLEET_HUBSPOT_APP_SECRET}
      connector: hubspot
${options.extraYaml ?? ''}`;
}
