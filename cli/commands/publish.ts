import type { Command } from 'commander';
import { formatTierChanges, formatWouldHold } from '../../app/safety/gate-text.ts';
import type { GateReport } from '../../app/safety/gates.ts';
import { formatTable } from '../../app/table.ts';
import type { PublishTally } from '../../app/warehouse/publish-scores.ts';
import { type Clock, systemClock } from '../../core/clock.ts';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
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
import { addWriteSafetyOptions, GATES_HELP, passesGate, type WriteSafetyFlags } from './write-safety.ts';

export interface PublishOptions extends WriteSafetyFlags {
  readonly config: string;
  readonly connector?: string[];
  readonly json?: boolean;
}

/** What a dry run would publish to one warehouse: the current scores per model, staged and merged. */
export interface PublishPreview {
  readonly connector: string;
  readonly rows: number;
  readonly models: ReadonlyArray<{ readonly model: string; readonly rows: number }>;
}

export interface PublishRun {
  readonly tallies: readonly PublishTally[];
  readonly previews: readonly PublishPreview[];
  readonly gates: readonly GateReport[];
  /** Warehouse connectors not written because a gate held them. */
  readonly held: readonly string[];
  readonly dryRun: boolean;
}

export function publishExitCode(run: PublishRun): ExitCode {
  return run.held.length > 0 ? EXIT_INVALID_INPUT : EXIT_OK;
}

/**
 * Publishes current scores to every warehouse connector (BigQuery, Snowflake), each after its safety
 * gates; prints what each did, or with dryRun what each would receive (nothing is sent).
 */
export async function publishFromConfig(
  options: PublishOptions,
  io: CommandIo,
  deps: { readonly clock?: Clock } = {},
): Promise<PublishRun> {
  const [
    { loadConfig },
    { openProductStore },
    { publishScores, warehouseConnectors },
    { destinations, gatedModels, openWriteGates },
  ] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../app/store.ts'),
    import('../../app/warehouse/publish-scores.ts'),
    import('../../app/safety/write-gates.ts'),
  ]);
  const clock = deps.clock ?? systemClock;
  const loaded = await loadConfig(options.config, io.env);
  const dryRun = options.dryRun ?? false;
  const run = {
    tallies: [] as PublishTally[],
    previews: [] as PublishPreview[],
    gates: [] as GateReport[],
    held: [] as string[],
    dryRun,
  };
  const connectors = warehouseConnectors(loaded, options.connector);
  if (connectors.length === 0) {
    (options.json ? io.stderr : io.stdout)(
      'No warehouse connector in the config (BigQuery and Snowflake can take score tables).',
    );
    if (options.json) io.stdout(JSON.stringify(run, null, 2));
    return run;
  }
  const store = await openProductStore(loaded.config.store, clock, loaded.config.identity);
  try {
    const gates = openWriteGates(store, loaded, clock);
    // publish sends every configured model's current scores, enabled or not.
    const models = gatedModels(loaded, Object.keys(loaded.config.scoring.models));
    for (const connector of connectors) {
      const destination = destinations.publish(connector);
      const report = gates.check(destination, models);
      run.gates.push(report);
      if (dryRun) {
        run.previews.push(previewOf(store.database, connector, models));
        continue;
      }
      if (!passesGate(report, options, io)) {
        run.held.push(connector);
        continue;
      }
      run.tallies.push(...(await publishScores(loaded, store, [connector])));
      gates.written(destination, models);
    }
    io.stdout(options.json ? JSON.stringify(run, null, 2) : formatPublish(run));
    return run;
  } finally {
    await store.close();
  }
}

function previewOf(db: SqlDatabase, connector: string, models: readonly { name: string }[]): PublishPreview {
  const counted = models.map(({ name }) => ({
    model: name,
    rows: Number(
      (db.prepare('SELECT COUNT(*) AS n FROM scores WHERE model = ?').get(name) as { n: number }).n,
    ),
  }));
  return { connector, rows: counted.reduce((sum, m) => sum + m.rows, 0), models: counted };
}

function formatPublish(run: PublishRun): string {
  if (!run.dryRun)
    return formatTable(
      ['connector', 'rows', 'merged', 'requests', 'loaded by', 'created'],
      run.tallies.map((t) => [
        t.connector,
        t.rows,
        t.merged,
        t.requests,
        t.loadedBy ?? '-',
        t.created.join(', ') || '-',
      ]),
    );
  const parts = ['Dry run: nothing was sent to any warehouse.'];
  run.previews.forEach((preview, index) => {
    const report = run.gates[index]!;
    parts.push(
      `${report.destination.label}: ${preview.rows.toLocaleString('en-US')} current scores would be staged and merged ` +
        `(${preview.models.map((m) => `${m.model} ${m.rows.toLocaleString('en-US')}`).join(', ')}), history appended\n` +
        `${formatTierChanges(report)}\n${formatWouldHold(report)}`,
    );
  });
  return parts.join('\n\n');
}

export function registerPublish(program: Command, io: CommandIo = processIo): Command {
  const command = program
    .command('publish')
    .description('publish current scores as warehouse tables (current, history, latest view) with one MERGE')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--connector <name...>', 'only these connectors')
    .option('--json', 'print the gates and results as JSON');
  return addWriteSafetyOptions(command)
    .addHelpText('after', `${GATES_HELP}\n${EXIT_CODES_HELP}`)
    .action(async (options: PublishOptions) => {
      await runGuarded(io, async () => publishExitCode(await publishFromConfig(options, io)));
    });
}
