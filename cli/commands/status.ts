import type { Command } from 'commander';
import { formatQuarantine } from '../../app/sync-summary.ts';
import { formatTable } from '../../app/table.ts';
import { systemClock } from '../../core/clock.ts';
import { type CommandIo, DEFAULT_CONFIG_FILE, EXIT_CODES_HELP, EXIT_OK, processIo } from './command-io.ts';
import { runGuarded } from './guarded.ts';

interface StatusOptions {
  readonly config: string;
  readonly json?: boolean;
  readonly quarantine?: boolean;
}

/** Last sync per stream, what the store holds, and where each stream will resume. */
export async function runStatus(options: StatusOptions, io: CommandIo): Promise<void> {
  const [{ loadConfig }, { openRuntime }, { silentLogger }] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../app/runtime.ts'),
    import('../../core/logger.ts'),
  ]);
  const loaded = await loadConfig(options.config, io.env);
  const runtime = await openRuntime(loaded, systemClock, silentLogger());
  try {
    const [streams, counts, merges] = await Promise.all([
      runtime.store.streamStatus(),
      runtime.store.counts(),
      runtime.store.merges(),
    ]);
    const quarantine = await runtime.store.quarantined(undefined, options.quarantine ? 1000 : 5);
    if (options.json) {
      io.stdout(
        JSON.stringify(
          { store: loaded.config.store.path, counts, streams, merges: merges.length, quarantine },
          null,
          2,
        ),
      );
      return;
    }
    io.stdout(`store: ${loaded.config.store.path}\n`);
    io.stdout(
      formatTable(
        [
          'stream',
          'last run',
          'status',
          'finished',
          'inserted',
          'updated',
          'unchanged',
          'rejected',
          'cursor',
        ],
        streams.map((s) => [
          s.stream,
          s.lastRun ? `#${s.lastRun.id}` : '-',
          s.lastRun?.status ?? 'never',
          s.lastRun?.finishedAt ?? '-',
          s.lastRun?.inserted ?? 0,
          s.lastRun?.updated ?? 0,
          s.lastRun?.unchanged ?? 0,
          s.lastRun?.rejected ?? 0,
          abbreviate(JSON.stringify(s.cursor)),
        ]),
      ),
    );
    io.stdout(
      `\n${formatTable(
        [
          'contacts',
          'accounts',
          'events',
          'deals',
          'merges',
          'deleted contacts',
          'merged contacts',
          'scores',
          'quarantined',
        ],
        [
          [
            counts.contacts,
            counts.accounts,
            counts.events,
            counts.deals,
            counts.merges,
            counts.deletedContacts,
            counts.mergedContacts,
            counts.scores,
            counts.quarantined,
          ],
        ],
      )}`,
    );
    const distribution = await runtime.store.scoreDistribution();
    if (distribution.length > 0) {
      io.stdout(
        `\nCurrent scores by model and tier:\n${formatTable(
          ['model', 'entity', 'tier', 'count', 'avg score', 'avg probability'],
          distribution.map((row) => [
            row.model,
            row.entityType,
            row.tier,
            row.count,
            Number(row.averageValue.toFixed(1)),
            row.averageProbability === null ? '-' : row.averageProbability.toFixed(3),
          ]),
        )}`,
      );
    }
    io.stdout(`\n${formatQuarantine(quarantine, counts.quarantined, counts.quarantinedForEventType)}`);
  } finally {
    await runtime.close();
  }
}

function abbreviate(text: string): string {
  return text.length > 48 ? `${text.slice(0, 45)}...` : text;
}

export function registerStatus(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('status')
    .description('last sync per stream, record counts, merges, quarantined rows and cursors')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--json', 'machine-readable output')
    .option('--quarantine', 'list quarantined rows (up to 1,000)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: StatusOptions) => {
      await runGuarded(io, async () => {
        await runStatus(options, io);
        return EXIT_OK;
      });
    });
}
