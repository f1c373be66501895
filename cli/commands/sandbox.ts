import path from 'node:path';
import type { Command } from 'commander';
import { SANDBOX_ENV } from '../../app/sandbox/sandbox-config.ts';
import type { Sandbox } from '../../app/sandbox/start-sandbox.ts';
import { formatTable } from '../../app/table.ts';
import { salesforceFieldName } from '../../connectors/salesforce/score-fields.ts';
import { systemClock } from '../../core/clock.ts';
import {
  type CommandIo,
  EXIT_CODES_HELP,
  EXIT_OK,
  EXIT_RUNTIME_FAILURE,
  type ExitCode,
  processIo,
} from './command-io.ts';
import { runGuarded } from './guarded.ts';
import { publishFromConfig } from './publish.ts';
import { runScore } from './score.ts';
import { parseAsOfOption } from './scoring-context.ts';
import { syncFromConfig } from './sync.ts';
import { runTrain } from './train.ts';
import { runWorkflowsNow } from './workflows.ts';
import { writeBackFromConfig } from './writeback.ts';

interface SandboxCliOptions {
  readonly dir: string;
  readonly contacts: number;
  readonly seed: number;
  readonly hubspotPort: number;
  readonly salesforcePort: number;
  readonly run?: boolean;
  readonly keep?: boolean;
  readonly json?: boolean;
  readonly asOf?: string;
}

const DAY_MS = 86_400_000;

/**
 * The sandbox is a live CRM: its history ends at the start of today (UTC), so its data is as fresh
 * as a real portal's after a nightly sync and the safety gates let its writes through, as they would
 * a healthy integration's. A demo ending weeks ago would rightly be refused as stale.
 */
function startOfTodayUtc(): string {
  return new Date(Math.floor(systemClock.now().getTime() / DAY_MS) * DAY_MS).toISOString();
}

const CHURN_MODEL = 'churn_risk';

/** Where the emulators listen and what they hold, for scripts (`--json`). */
function sandboxJson(sandbox: Sandbox) {
  return {
    hubspotUrl: sandbox.hubspotUrl,
    salesforceUrl: sandbox.salesforceUrl,
    seeded: sandbox.seeded,
    config: path.relative(process.cwd(), sandbox.configFile),
    // The emulators' own made-up credentials, as the export lines show them.
    env: sandbox.env,
  };
}

/**
 * Runs sync -> train -> score -> write-back against the sandbox, then shows what reps now see in each
 * CRM. With --json the steps report on stderr and stdout gets one document with what each step did.
 */
async function runFlow(sandbox: Sandbox, cliIo: CommandIo, json = false): Promise<ExitCode> {
  const io = json ? { ...cliIo, stdout: cliIo.stderr } : cliIo;
  const [{ loadConfig }, { topHubspotCompanies, topSalesforceAccounts }, { topWarehouseScores }] =
    await Promise.all([
      import('../../app/config/index.ts'),
      import('../../app/sandbox/inspect.ts'),
      import('../../app/sandbox/inspect-warehouses.ts'),
    ]);
  let failed = false;
  const step: CommandIo = {
    ...io,
    env: { ...io.env, ...sandbox.env },
    setExitCode: (code) => {
      if (code !== EXIT_OK) failed = true;
    },
  };
  const config = sandbox.configFile;
  io.stdout('\n1. Sync both CRMs into one store (identities merged by e-mail and domain):');
  const synced = await syncFromConfig({ config }, step);
  if (synced.some((result) => result.status === 'failed')) return EXIT_RUNTIME_FAILURE;
  io.stdout(`\n2. Train as of ${sandbox.asOf}, where the seeded history ends:`);
  await runTrain({ config, model: 'all', asOf: sandbox.asOf }, {}, step);
  io.stdout('\n3. Score:');
  await runScore({ config, model: 'all', asOf: sandbox.asOf }, {}, step);
  if (failed) return EXIT_RUNTIME_FAILURE;
  io.stdout('\n4. Write scores, tiers and reasons back to both CRMs:');
  const { tallies } = await writeBackFromConfig({ config }, step);
  io.stdout('\n5. Highest churn risk, as each CRM now shows it:');
  const env = step.env as Record<string, string>;
  const views = [
    ...(await topHubspotCompanies(sandbox.hubspotUrl, env, CHURN_MODEL)),
    ...(await topSalesforceAccounts(
      sandbox.salesforceUrl,
      env,
      sandbox.salesforceClientId,
      salesforceFieldName(CHURN_MODEL).replace(/__c$/, ''),
    )),
  ];
  io.stdout(
    formatTable(
      ['crm', 'account', 'score', 'tier', 'reasons'],
      views.map((v) => [v.crm, v.name, v.score ?? '-', v.tier ?? '-', (v.reasons ?? '').slice(0, 90)]),
    ),
  );
  io.stdout('\n6. Publish the scores to both warehouses (one load and one MERGE each):');
  await publishFromConfig({ config }, step);
  const loaded = await loadConfig(config, step.env);
  const warehouse = await topWarehouseScores(loaded, CHURN_MODEL);
  io.stdout(
    `\n   What a warehouse job reads: SELECT entity_id, score, tier FROM scorebridge_latest_scores WHERE model = '${CHURN_MODEL}'`,
  );
  io.stdout(
    formatTable(
      ['warehouse', 'account', 'score', 'tier'],
      warehouse.map((v) => [v.warehouse, v.entityId, v.score, v.tier]),
    ),
  );
  io.stdout(
    '\n7. Run the retention workflow: tier fields and owner tasks in HubSpot, emails as .eml files next to the config:',
  );
  const workflows = await runWorkflowsNow({ config }, step, 'sandbox');
  if (json)
    cliIo.stdout(
      JSON.stringify(
        { sandbox: sandboxJson(sandbox), synced, writeback: tallies, crm: views, warehouse, workflows },
        null,
        2,
      ),
    );
  return tallies.some((t) => t.failed > 0) || failed ? EXIT_RUNTIME_FAILURE : EXIT_OK;
}

function instructions(sandbox: Sandbox): string {
  const exports = Object.entries(sandbox.env)
    .map(([name, value]) => `  export ${name}=${value}`)
    .join('\n');
  const config = path.relative(process.cwd(), sandbox.configFile);
  return [
    `HubSpot emulator:    ${sandbox.hubspotUrl}  (${sandbox.seeded.hubspotContacts} contacts)`,
    `Salesforce emulator: ${sandbox.salesforceUrl}  (${Object.entries(sandbox.seeded.salesforceRecords)
      .map(([object, count]) => `${count} ${object}`)
      .join(', ')})`,
    `Config: ${config}`,
    '',
    'In another terminal:',
    exports,
    `  npx scorebridge sync -c ${config} && npx scorebridge train -c ${config}`,
    `  npx scorebridge score -c ${config} && npx scorebridge writeback -c ${config}`,
    `  curl -s -H "authorization: Bearer $${SANDBOX_ENV.hubspotToken}" "${sandbox.hubspotUrl}/crm/v3/objects/companies?limit=3&properties=name,scorebridge_churn_risk_score,scorebridge_churn_risk_tier,scorebridge_churn_risk_reasons"`,
  ].join('\n');
}

export function registerSandbox(program: Command, io: CommandIo = processIo): Command {
  const integer = (value: string) => Number.parseInt(value, 10);
  return program
    .command('sandbox')
    .description(
      'start an emulated HubSpot portal and Salesforce org seeded with the demo business (no accounts needed)',
    )
    .option('--dir <dir>', 'where the sandbox config and store go', 'var/sandbox')
    .option('--contacts <n>', 'people in the demo business', integer, 2000)
    .option('--seed <n>', 'demo seed', integer, 7)
    .option('--hubspot-port <port>', 'HubSpot emulator port (0 = any free port)', integer, 4010)
    .option('--salesforce-port <port>', 'Salesforce emulator port (0 = any free port)', integer, 4020)
    .option(
      '--run',
      'run sync -> train -> score -> write-back -> publish -> workflows against it and show the CRM records',
    )
    .option('--keep', 'with --run: keep the emulators running afterwards')
    .option('--json', 'print where the emulators listen (and with --run what each step did) as JSON')
    .option(
      '--as-of <date>',
      'where the seeded history ends (default: the start of today, UTC, so the data is fresh)',
      parseAsOfOption,
    )
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: SandboxCliOptions) => {
      await runGuarded(io, async () => {
        const { startSandbox } = await import('../../app/sandbox/start-sandbox.ts');
        const sandbox = await startSandbox({
          dir: options.dir,
          contacts: options.contacts,
          seed: options.seed,
          hubspotPort: options.hubspotPort,
          salesforcePort: options.salesforcePort,
          asOf: options.asOf ?? startOfTodayUtc(),
        });
        if (options.json && !options.run) io.stdout(JSON.stringify(sandboxJson(sandbox), null, 2));
        else (options.json ? io.stderr : io.stdout)(instructions(sandbox));
        if (options.run) {
          const code = await runFlow(sandbox, io, options.json).catch(async (error: unknown) => {
            await sandbox.close();
            throw error;
          });
          if (!options.keep) {
            await sandbox.close();
            return code;
          }
        }
        (options.json ? io.stderr : io.stdout)('\nEmulators are running; press Ctrl-C to stop.');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await sandbox.close();
        return EXIT_OK;
      });
    });
}
