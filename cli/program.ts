import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { productRouters } from '../app/server/product-routers.ts';
import { registerDemoData } from './commands/demo-data.ts';
import { registerEvaluate } from './commands/evaluate.ts';
import { registerFeatures } from './commands/features.ts';
import { registerInit } from './commands/init.ts';
import { registerKeys } from './commands/keys.ts';
import { registerPlan } from './commands/plan.ts';
import { registerPublish } from './commands/publish.ts';
import { registerQuickstart } from './commands/quickstart.ts';
import { registerReport } from './commands/report.ts';
import { registerRun } from './commands/run.ts';
import { registerSalesforceFields } from './commands/salesforce-fields.ts';
import { registerSandbox } from './commands/sandbox.ts';
import { registerSchedule } from './commands/schedule.ts';
import { registerSchema } from './commands/schema.ts';
import { registerScore } from './commands/score.ts';
import { registerServe } from './commands/serve.ts';
import { registerSql } from './commands/sql.ts';
import { registerStatus } from './commands/status.ts';
import { registerSync } from './commands/sync.ts';
import { registerTrain } from './commands/train.ts';
import { registerValidate } from './commands/validate.ts';
import { registerWorkflows } from './commands/workflows.ts';
import { registerWriteBack } from './commands/writeback.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The whole command tree, registered statically so `--help` always lists every command. */
export function buildProgram(): Command {
  const program = new Command('scorebridge')
    .description('Connect your CRM and warehouse to calibrated predictive scores, and act on them.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    // Usage mistakes (unknown option, missing argument) are invalid input: exit 2, as documented.
    // Set before the commands are added, so every subcommand inherits it.
    .exitOverride((error) => {
      const benign = ['commander.helpDisplayed', 'commander.help', 'commander.version'];
      if (benign.includes(error.code)) process.exit(0);
      process.exit(error.code.startsWith('commander.') ? 2 : error.exitCode);
    });
  registerInit(program);
  registerValidate(program);
  registerSchema(program);
  registerDemoData(program);
  registerSync(program);
  registerStatus(program);
  registerTrain(program);
  registerScore(program);
  registerReport(program);
  registerWriteBack(program);
  registerPlan(program);
  registerRun(program);
  registerWorkflows(program);
  registerSql(program);
  registerPublish(program);
  registerFeatures(program);
  registerEvaluate(program);
  registerSalesforceFields(program);
  registerSandbox(program);
  registerQuickstart(program);
  registerServe(program, { routers: productRouters });
  registerKeys(program);
  registerSchedule(program);
  return program;
}
