import type { Command } from 'commander';

/**
 * Every top-level command: its name and one-line description (so `scorebridge --help` lists them all
 * without importing a single command module), the heading it is listed under, and how to register it
 * in full. `register` imports the one module that defines the command, by a static path, only when
 * the command line names it; that module loads its heavy dependencies only when the command runs.
 * A test checks that the descriptions here are the ones the modules register.
 */
export interface CommandEntry {
  readonly name: string;
  readonly description: string;
  readonly group: CommandGroup;
  /** Adds the command with its options and action (some modules add several commands; see `workflows`). */
  readonly register: (program: Command) => Promise<void>;
}

export const COMMAND_GROUPS = [
  'Getting started:',
  'Data:',
  'Models and scores:',
  'Acting on scores:',
  'Server:',
  'Setup:',
] as const;
export type CommandGroup = (typeof COMMAND_GROUPS)[number];

async function registerWorkflowCommands(program: Command): Promise<void> {
  (await import('./commands/workflows.ts')).registerWorkflows(program);
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'quickstart',
    description:
      'the main job on demo data: generate it, sync it into the store, train, score, run the workflows and summarise',
    group: 'Getting started:',
    register: async (program) => void (await import('./commands/quickstart.ts')).registerQuickstart(program),
  },
  {
    name: 'init',
    description: 'write a starter config file with every default shown',
    group: 'Getting started:',
    register: async (program) => void (await import('./commands/init.ts')).registerInit(program),
  },
  {
    name: 'validate',
    description: 'check the config file: syntax, values, references and environment variables',
    group: 'Getting started:',
    register: async (program) => void (await import('./commands/validate.ts')).registerValidate(program),
  },
  {
    name: 'check',
    description:
      'reach every configured connector with its credentials and check scopes, objects, fields, permissions, quotas and tables',
    group: 'Getting started:',
    register: async (program) => void (await import('./commands/check.ts')).registerCheck(program),
  },
  {
    name: 'demo-data',
    description:
      'generate a seeded, realistic B2B SaaS business (accounts, contacts, events, deals, a marketing list) as CSV files',
    group: 'Getting started:',
    register: async (program) => void (await import('./commands/demo-data.ts')).registerDemoData(program),
  },
  {
    name: 'sandbox',
    description:
      'start an emulated HubSpot portal and Salesforce org seeded with the demo business (no accounts needed)',
    group: 'Getting started:',
    register: async (program) => void (await import('./commands/sandbox.ts')).registerSandbox(program),
  },
  {
    name: 'sync',
    description: 'read every configured stream from its last checkpoint into the store',
    group: 'Data:',
    register: async (program) => void (await import('./commands/sync.ts')).registerSync(program),
  },
  {
    name: 'status',
    description: 'last sync per stream, record counts, merges, quarantined rows and cursors',
    group: 'Data:',
    register: async (program) => void (await import('./commands/status.ts')).registerStatus(program),
  },
  {
    name: 'sql',
    description: 'run read-only SQL on the store, e.g. SELECT * FROM scorebridge_latest_scores',
    group: 'Data:',
    register: async (program) => void (await import('./commands/sql.ts')).registerSql(program),
  },
  {
    name: 'train',
    description: 'train lead, churn, lifetime-value and next-best-action models on the store, as of a date',
    group: 'Models and scores:',
    register: async (program) => void (await import('./commands/train.ts')).registerTrain(program),
  },
  {
    name: 'score',
    description:
      'score contacts and accounts with the promoted models and save the scores with their reasons',
    group: 'Models and scores:',
    register: async (program) => void (await import('./commands/score.ts')).registerScore(program),
  },
  {
    name: 'report',
    description: 'show model quality (holdout metrics, lift, calibration, top features) and drift',
    group: 'Models and scores:',
    register: async (program) => void (await import('./commands/report.ts')).registerReport(program),
  },
  {
    name: 'features',
    description:
      'discover features in the store; write the warehouse SQL as a dbt folder; export feature rows or print their DDL',
    group: 'Models and scores:',
    register: async (program) => void (await import('./commands/features.ts')).registerFeatures(program),
  },
  {
    name: 'evaluate',
    description:
      'cross-validate a calibrated scoring model on a CSV and report ROC-AUC, log loss, calibration and lift',
    group: 'Models and scores:',
    register: async (program) => void (await import('./commands/evaluate.ts')).registerEvaluate(program),
  },
  {
    name: 'run',
    description:
      'sync -> score -> publish to warehouses -> workflows, once (schedule it, or use `workflows run --watch`)',
    group: 'Acting on scores:',
    register: async (program) => void (await import('./commands/run.ts')).registerRun(program),
  },
  {
    name: 'writeback',
    description:
      'write current scores, tiers and reasons onto the CRM records they came from (only changed values)',
    group: 'Acting on scores:',
    register: async (program) => void (await import('./commands/writeback.ts')).registerWriteBack(program),
  },
  {
    name: 'publish',
    description: 'publish current scores as warehouse tables (current, history, latest view) with one MERGE',
    group: 'Acting on scores:',
    register: async (program) => void (await import('./commands/publish.ts')).registerPublish(program),
  },
  {
    name: 'plan',
    description:
      'show what the workflows would do next, to whom and when, and why not for the others (read-only)',
    group: 'Acting on scores:',
    register: async (program) => void (await import('./commands/plan.ts')).registerPlan(program),
  },
  {
    name: 'workflows',
    description: 'run workflows and see what they did',
    group: 'Acting on scores:',
    register: registerWorkflowCommands,
  },
  {
    name: 'retry',
    description:
      'send failed or dead-lettered outbox rows again (unknown rows are never resent automatically)',
    group: 'Acting on scores:',
    register: registerWorkflowCommands,
  },
  {
    name: 'outbox',
    description:
      'side effects whose outcome is unknown after a crash: mark them delivered or resend them (same Message-ID)',
    group: 'Acting on scores:',
    register: async (program) => void (await import('./commands/outbox.ts')).registerOutbox(program),
  },
  {
    name: 'schedule',
    description:
      'run sync, score + publish and workflows on their schedules (cron); catches up once at start. On a Postgres store: only enqueue them for `scorebridge worker`',
    group: 'Acting on scores:',
    register: async (program) => void (await import('./commands/schedule.ts')).registerSchedule(program),
  },
  {
    name: 'worker',
    description:
      'run queued jobs (sync, score, publish, write-back, workflow ticks, outbox) from the shared Postgres store; start any number on any number of hosts',
    group: 'Acting on scores:',
    register: async (program) => void (await import('./commands/worker.ts')).registerWorker(program),
  },
  {
    name: 'jobs',
    description:
      'the shared job queue: what waits, what runs, what failed lately and why (Postgres store); `jobs add` queues one job now',
    group: 'Acting on scores:',
    register: async (program) => void (await import('./commands/jobs.ts')).registerJobs(program),
  },

  {
    name: 'serve',
    description:
      'serve the HTTP API (scores, models, workflow plans, metrics) and the dashboard; graceful stop on Ctrl-C',
    group: 'Server:',
    register: async (program) =>
      void (await import('./commands/serve.ts')).registerServe(program, {
        // The dashboard, webhooks and unsubscribe pages load when the server starts, not for `serve --help`.
        loadRouters: async () => (await import('../app/server/product-routers.ts')).productRouters,
      }),
  },
  {
    name: 'keys',
    description: 'API keys for `scorebridge serve` (stored hashed; shown once)',
    group: 'Server:',
    register: async (program) => void (await import('./commands/keys.ts')).registerKeys(program),
  },
  {
    name: 'migrate',
    description:
      "bring the store's schema up to this version of scorebridge (required before other commands on Postgres)",
    group: 'Setup:',
    register: async (program) => void (await import('./commands/migrate.ts')).registerMigrate(program),
  },
  {
    name: 'schema',
    description: 'write the JSON Schemas of the config and workflow files, for editor autocompletion',
    group: 'Setup:',
    register: async (program) => void (await import('./commands/schema.ts')).registerSchema(program),
  },
  {
    name: 'salesforce',
    description: 'Salesforce connector tools',
    group: 'Setup:',
    register: async (program) =>
      void (await import('./commands/salesforce-fields.ts')).registerSalesforceFields(program),
  },
];
