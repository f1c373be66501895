import type { Command } from 'commander';
import { formatTable } from '../../app/table.ts';
import type { SalesforceConnectorConfig } from '../../connectors/salesforce/config.ts';
import type { AdminFieldRow } from '../../connectors/salesforce/score-fields.ts';
import { systemClock } from '../../core/clock.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  type ExitCode,
  processIo,
} from './command-io.ts';
import { runGuarded } from './guarded.ts';

interface FieldsOptions {
  readonly config: string;
  readonly connector?: string;
  readonly check?: boolean;
  readonly json?: boolean;
}

const HEADERS = ['Object', 'Label', 'API name', 'Type', 'Length / precision / values', 'Description'];

/** Which fields of the checklist the integration user can already see in the org. */
async function visibleFields(
  config: SalesforceConnectorConfig,
  rows: readonly AdminFieldRow[],
): Promise<Set<string>> {
  const [{ SalesforceClient }, { silentLogger }] = await Promise.all([
    import('../../connectors/salesforce/client.ts'),
    import('../../core/logger.ts'),
  ]);
  const client = new SalesforceClient(config, { clock: systemClock, logger: silentLogger() });
  const visible = new Set<string>();
  for (const object of new Set(rows.map((row) => row.object))) {
    for (const field of await client.describeFields(object))
      visible.add(`${object}.${field.name}`.toLowerCase());
  }
  return visible;
}

export async function runSalesforceFields(options: FieldsOptions, io: CommandIo): Promise<ExitCode> {
  const [{ loadConfig }, { salesforceFieldChecklist }] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../connectors/salesforce/admin-fields.ts'),
  ]);
  const loaded = await loadConfig(options.config, io.env);
  const salesforce = Object.entries(loaded.config.connectors).filter(
    ([, connector]) => connector.type === 'salesforce',
  );
  const chosen = options.connector
    ? salesforce.find(([name]) => name === options.connector)
    : salesforce.length === 1
      ? salesforce[0]
      : undefined;
  if (chosen?.[1].type !== 'salesforce') {
    const names = salesforce.map(([name]) => name);
    io.stderr(
      options.connector
        ? `error: ${loaded.displayFile} has no Salesforce connector named "${options.connector}" (Salesforce connectors: ${names.join(', ') || 'none'})`
        : names.length === 0
          ? `error: ${loaded.displayFile} configures no connector with type: salesforce`
          : `error: ${loaded.displayFile} has several Salesforce connectors (${names.join(', ')}); choose one with --connector`,
    );
    return EXIT_INVALID_INPUT;
  }
  const [name, config] = chosen;
  const models = Object.entries(loaded.config.scoring.models)
    .filter(([, model]) => model.enabled)
    .map(([modelName, model]) => ({ name: modelName, kind: model.kind, entity: model.entity }));
  const tiers = loaded.config.scoring.tiers.map((tier) => tier.name);
  const rows = salesforceFieldChecklist(models, tiers, config.writeBack.taskKeyField);
  const visible = options.check ? await visibleFields(config, rows) : null;
  const status = (row: AdminFieldRow) =>
    visible?.has(`${row.object}.${row.apiName}`.toLowerCase()) ? 'exists' : 'missing';
  const listed = visible ? rows.filter((row) => status(row) === 'missing') : rows;
  if (options.json) {
    io.stdout(
      JSON.stringify(
        {
          connector: name,
          checked: visible !== null,
          fields: rows.map((row) => ({ ...row, ...(visible ? { status: status(row) } : {}) })),
        },
        null,
        2,
      ),
    );
    return EXIT_OK;
  }

  io.stdout(
    `Salesforce custom fields for connector "${name}" (${models.length} enabled models, ${rows.length} fields).\n` +
      'An admin creates each in Setup > Object Manager > <Object> > Fields & Relationships > New, then grants the\n' +
      "integration user's profile or permission set Read and Edit access to it (field-level security).\n",
  );
  if (visible)
    io.stdout(
      `${rows.length - listed.length} of ${rows.length} already exist and are visible; ${listed.length} to create.\n`,
    );
  if (listed.length > 0) {
    io.stdout(
      formatTable(
        HEADERS,
        listed.map((row) => [row.object, row.label, row.apiName, row.type, row.size, row.description]),
      ),
    );
  }
  return EXIT_OK;
}

/** `scorebridge salesforce fields`: what an admin must create when the API user may not create fields. */
export function registerSalesforceFields(program: Command, io: CommandIo = processIo): Command {
  const group =
    program.commands.find((command) => command.name() === 'salesforce') ??
    program.command('salesforce').description('Salesforce connector tools');
  group
    .command('fields')
    .description('print the custom fields an admin must create for score write-back and tasks')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--connector <name>', 'the Salesforce connector (needed when the config has several)')
    .option('--check', 'connect to the org and list only the fields the integration user cannot see yet')
    .option('--json', 'print every field as JSON (with --check: whether each exists)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: FieldsOptions) => {
      await runGuarded(io, () => runSalesforceFields(options, io));
    });
  return group;
}
