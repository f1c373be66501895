import { run as cliStartup } from './cli/startup.ts';
import { run as hubspotSync } from './crm/hubspot-sync.ts';
import { run as salesforceSync } from './crm/salesforce-sync.ts';
import { run as writebackEcho } from './crm/writeback-echo.ts';
import { run as demoGeneration } from './demo/generation-speed.ts';
import { run as demoLearnability } from './demo/learnability.ts';
import { run as workersBench } from './deployment/workers.ts';
import { run as fileImport } from './ingest/file-import.ts';
import { run as engineChoice } from './scale/engine-choice.ts';
import { run as scale } from './scale/scale.ts';
import { run as batchScore } from './scoring/batch-score.ts';
import { run as ltvNba } from './scoring/ltv-nba.ts';
import { run as trainSpeed } from './scoring/train-speed.ts';
import { run as treeshap } from './scoring/treeshap.ts';
import { run as vsSklearn } from './scoring/vs-sklearn.ts';
import { run100k as dashboard100k } from './server/dashboard-100k.ts';
import { run as dashboardRender } from './server/dashboard-render.ts';
import { run as scoreLoad } from './server/score-load.ts';
import { run as bigqueryPublish } from './warehouse/bigquery-publish.ts';
import { run as snowflakePublish } from './warehouse/snowflake-publish.ts';
import { run as engineTick } from './workflows/engine-tick.ts';

export interface BenchSection {
  /** Short name used on the command line: `npm run bench -- ingest`. */
  readonly name: string;
  readonly title: string;
  readonly run: () => Promise<string>;
}

/** Every benchmark, in the order RESULTS.md lists them. Static imports: no string-keyed loading. */
export const sections: readonly BenchSection[] = [
  { name: 'ingest', title: 'File import into the store', run: fileImport },
  { name: 'demo', title: 'Demo data generation', run: demoGeneration },
  { name: 'learnability', title: 'Demo data learnability', run: demoLearnability },
  { name: 'train', title: 'Learner training and scoring speed', run: trainSpeed },
  { name: 'sklearn', title: 'Learners vs scikit-learn', run: vsSklearn },
  { name: 'treeshap', title: 'TreeSHAP explanations', run: treeshap },
  { name: 'batch-score', title: 'Batch and single-entity scoring from the store', run: batchScore },
  { name: 'ltv-nba', title: 'LTV and next best action', run: ltvNba },
  { name: 'engine', title: 'Choosing the embedded analytical engine: SQLite vs DuckDB', run: engineChoice },
  { name: 'scale', title: 'A million contacts: sync, features, train and score', run: scale },
  { name: 'engine-tick', title: 'Workflow engine tick over 100,000 enrollments', run: engineTick },
  { name: 'hubspot', title: 'HubSpot sync and write-back against the emulator', run: hubspotSync },
  { name: 'salesforce', title: 'Salesforce sync and write-back against the emulator', run: salesforceSync },
  { name: 'writeback-echo', title: 'Write-back echo: what the next sync reads again', run: writebackEcho },
  { name: 'bigquery', title: 'Publishing 1,000,000 scores to BigQuery (emulator)', run: bigqueryPublish },
  { name: 'snowflake', title: 'Publishing 1,000,000 scores to Snowflake (emulator)', run: snowflakePublish },
  { name: 'server', title: 'Real-time scoring API under load', run: scoreLoad },
  { name: 'dashboard', title: 'Dashboard first render in Chromium', run: dashboardRender },
  { name: 'cli-startup', title: 'CLI start-up: --version and --help', run: cliStartup },
  { name: 'workers', title: 'Workers on Postgres against one process on SQLite', run: workersBench },
  {
    name: 'dashboard-100k',
    title: 'Dashboard first paint on the 100,000-contact store',
    run: dashboard100k,
  },
];
