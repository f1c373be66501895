import { SCHEMA_MODELINE } from './json-schema.ts';

/**
 * The file `scorebridge init` writes: valid as is, every default spelled out so nothing happens
 * invisibly, and comments saying what each setting changes. The `demo_files` connector reads what
 * `scorebridge demo-data` generates, so init -> demo-data -> sync works before any CRM is connected.
 */
export function starterConfig(): string {
  return `${SCHEMA_MODELINE}
#
# scorebridge configuration. Check it with \`scorebridge validate\`.
# Paths are relative to the folder of this file. Every value shown is the default unless noted.
#
# Credentials never go in this file. Write a reference such as \${HUBSPOT_ACCESS_TOKEN} and set the
# variable in the environment that runs scorebridge; a literal token here is rejected. Any other
# text may also use \${VAR} or \${VAR:-fallback}.

version: 1

store:
  # SQLite database. Default: var/scorebridge.db next to this file; this keeps it in the project's var/.
  path: ../var/scorebridge.db

identity:
  # Connector names, most trusted first: when two systems changed a field at the same time,
  # the value from the system listed first wins.
  systemPriority: [demo_files]
  emailNormalization:
    # Treat j.doe+news@gmail.com and jdoe@gmail.com as one person.
    gmailDotsAndPlus: true

connectors:
  # Connector name (lower snake case) -> connection. The name is the \`system\` of every record read.
  demo_files:
    type: file
    # Folder the stream paths are relative to (relative to this file); demo-data writes here.
    baseDir: \${SCOREBRIDGE_DEMO_DIR:-../var/demo}
    streams:
      accounts: { kind: account, path: accounts.csv }
      contacts: { kind: contact, path: contacts.csv }
      events: { kind: event, path: events.csv }
      deals: { kind: deal, path: deals.csv }

schedules:
  # Cron expressions (minute hour day-of-month month day-of-week). Remove one to run it only on demand.
  sync: "*/15 * * * *"
  score: "0 * * * *"
  workflows: "*/5 * * * *"
  # IANA time zone the expressions are read in.
  timezone: UTC

scoring:
  # Tier name -> [lowest, highest] score, inclusive. Tiers must cover 0..100 without gaps or overlaps.
  # Every model uses these fixed bands unless it has tiers of its own (see churn_risk).
  tiers:
    low: [0, 40]
    medium: [41, 70]
    high: [71, 100]
  # Model name -> what it predicts. kind: lead | churn | ltv | nba; entity: contact | account.
  # Listing models here replaces this default set.
  models:
    lead_score: { kind: lead, entity: contact, horizonDays: 90, enabled: true }
    # Not a default: tiers by percentile, so coverage follows the retention playbook (the riskiest
    # 10 % high, the next 30 % medium, the rest low) whatever the level of the scores. Without
    # \`tiers\` the model uses the fixed bands above.
    churn_risk:
      kind: churn
      entity: account
      horizonDays: 90
      enabled: true
      tiers: { by: percentile, high: 10, medium: 30, low: 60 }
    lifetime_value: { kind: ltv, entity: account, horizonDays: 365, enabled: true }
    next_best_action: { kind: nba, entity: contact, horizonDays: 30, enabled: true }

safety:
  # Gates every write to a CRM, a warehouse or an inbox passes (writeback, publish, workflow runs, run).
  # --force writes anyway; --dry-run shows what would change.
  # Refuse when the newest event in the store is older than this ("36h", "2d", "1w", or off).
  maxDataAge: 2d
  # Hold when more than this share of a model's records changed tier since the last write (or off).
  maxTierChangeShare: 20%
  # Hold a model whose last scoring run's score drift is at alert (PSI 0.25 or more).
  holdOnDriftAlert: true
  # Hold scores computed by a model version that is not the promoted one.
  holdOnUnpromotedModel: true

workflows:
  # Folder of workflow YAML files (one workflow per file).
  dir: workflows
  # Folder whose subfolders are email template sets (Handlebars, checked against sample-data.yaml).
  templates: templates

email:
  from: { address: success@example.com, name: Example Customer Success }
  # dry_run writes each email as an .eml file; for real sending use
  #   { type: smtp, host: smtp.example.com, port: 587, auth: { user: apikey, pass: \${SMTP_PASSWORD} } }
  transport: { type: dry_run, dir: ../var/emails }
  # explicit_opt_in: only contacts with emailOptIn true; unless_opted_out: also those with no recorded choice.
  consent: explicit_opt_in
  unsubscribe:
    # The public https address of scorebridge's /v1/unsubscribe; links carry a signed token.
    url: https://scorebridge.example.com/v1/unsubscribe
    # Required with smtp: secret: \${SCOREBRIDGE_UNSUBSCRIBE_SECRET}
  content:
    product: Example Analytics
    loginUrl: https://app.example.com/login
    helpUrl: https://help.example.com
    company: Example Software Inc.
    postalAddress: "548 Market St #12345, San Francisco, CA 94104, USA"
  # Customer success managers assign_owner steps choose from.
  csms: []
`;
}
