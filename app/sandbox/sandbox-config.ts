/**
 * The sandbox's config file: both emulated CRMs as ordinary connectors. Secrets stay environment
 * references, exactly as in production; the sandbox prints (and in --run mode sets) the values.
 */
export const SANDBOX_ENV = {
  hubspotToken: 'SANDBOX_HUBSPOT_TOKEN',
  salesforceSecret: 'SANDBOX_SALESFORCE_CLIENT_SECRET',
  salesforceRefreshToken: 'SANDBOX_SALESFORCE_REFRESH_TOKEN',
  snowflakePassword: 'SANDBOX_SNOWFLAKE_PASSWORD',
} as const;

export const SANDBOX_WAREHOUSE = {
  bigqueryProject: 'scorebridge-sandbox',
  bigqueryDataset: 'analytics',
  snowflakeAccount: 'sandbox',
  snowflakeUser: 'scorebridge',
  snowflakeDatabase: 'ANALYTICS',
} as const;

export interface SandboxEndpoints {
  readonly hubspotUrl: string;
  readonly salesforceUrl: string;
  readonly salesforceClientId: string;
  /** The repository's config folder: the sandbox runs its shipped workflows and email templates. */
  readonly productConfigDir: string;
  readonly bigqueryUrl: string;
  readonly snowflakeUrl: string;
}

export function sandboxConfigYaml(endpoints: SandboxEndpoints): string {
  return `# yaml-language-server: $schema=../../config/schema/scorebridge.schema.json
# Written by \`scorebridge sandbox\`: the demo business in an emulated HubSpot portal and an
# emulated Salesforce org on localhost. The same people live in both, so sync merges them.
version: 1

store:
  path: scorebridge.db

identity:
  systemPriority: [salesforce, hubspot]

connectors:
  hubspot:
    type: hubspot
    accessToken: \${${SANDBOX_ENV.hubspotToken}}
    baseUrl: ${endpoints.hubspotUrl}
    plan: professional
    # The portal's custom company properties for the subscription.
    accountFields: { plan: plan, mrr: mrr, status: customer_status, churnedAt: churn_date }
  salesforce:
    type: salesforce
    instanceUrl: ${endpoints.salesforceUrl}
    loginUrl: ${endpoints.salesforceUrl}
    apiVersion: '66.0'
    auth:
      clientId: ${endpoints.salesforceClientId}
      clientSecret: \${${SANDBOX_ENV.salesforceSecret}}
      refreshToken: \${${SANDBOX_ENV.salesforceRefreshToken}}
    # Field-level security: new score fields get read/edit through this permission set, assigned to the user.
    writeBack: { permissionSet: Scorebridge_Integration }
    # The org's custom fields for the subscription and buying roles.
    streams:
      contacts: { fields: { role: Buying_Role__c, timezone: Time_Zone__c } }
      leads: { fields: { role: Buying_Role__c, timezone: Time_Zone__c, lifecycleStage: Lifecycle_Stage__c } }
      accounts:
        fields: { plan: Plan__c, mrr: MRR__c, churnedAt: Churned_At__c }
        valueMaps: { status: { Prospect: prospect, Trial: trial, Customer: active, "Former Customer": churned } }
  # Emulated warehouses: \`scorebridge publish\` keeps score tables current in both, for SQL jobs to read.
  bigquery:
    type: bigquery
    projectId: ${SANDBOX_WAREHOUSE.bigqueryProject}
    dataset: ${SANDBOX_WAREHOUSE.bigqueryDataset}
    apiEndpoint: ${endpoints.bigqueryUrl}
  snowflake:
    type: snowflake
    account: ${SANDBOX_WAREHOUSE.snowflakeAccount}
    username: ${SANDBOX_WAREHOUSE.snowflakeUser}
    password: \${${SANDBOX_ENV.snowflakePassword}}
    database: ${SANDBOX_WAREHOUSE.snowflakeDatabase}
    accessUrl: ${endpoints.snowflakeUrl}

# The shipped retention playbook expects its churn-risk coverage: top 10 % high, next 30 % medium.
scoring:
  models:
    lead_score: { kind: lead, entity: contact, horizonDays: 90 }
    churn_risk: { kind: churn, entity: account, horizonDays: 90, tiers: { by: percentile, high: 10, medium: 30 } }
    lifetime_value: { kind: ltv, entity: account, horizonDays: 365 }
    next_best_action: { kind: nba, entity: contact, horizonDays: 30 }

workflows:
  dir: ${endpoints.productConfigDir}/workflows
  templates: ${endpoints.productConfigDir}/templates

# Emails are written to emails/ as .eml files; nothing leaves the machine.
email:
  from: { address: success@acme-analytics.example, name: Acme Analytics Customer Success }
  transport: { type: dry_run, dir: emails }
  # The emulated CRMs carry no e-mail consent field, so the sandbox mails everyone who has not opted out.
  consent: unless_opted_out
  unsubscribe: { url: "https://scorebridge.acme-analytics.example/v1/unsubscribe" }
  content:
    product: Acme Analytics
    loginUrl: https://app.acme-analytics.example/login
    helpUrl: https://help.acme-analytics.example
    company: Acme Analytics Inc.
    postalAddress: "548 Market St #12345, San Francisco, CA 94104, USA"
    saveOffer: two months at 20 % off when you renew for a year
  csms:
    - { id: jordan, name: Jordan Lee, email: jordan.lee@acme-analytics.example }
    - { id: priya, name: Priya Shah, email: priya.shah@acme-analytics.example }
`;
}
