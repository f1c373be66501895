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
  const [{ loadConfig }, { openRuntime }, { silentLogger }, { describeStore }] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../app/runtime.ts'),
    import('../../core/logger.ts'),
    import('../../app/store-admin.ts'),
  ]);
  const loaded = await loadConfig(options.config, io.env, { withoutEmailSecrets: true });
  const runtime = await openRuntime(loaded, systemClock, silentLogger());
  const where = describeStore(loaded.config.store);
  try {
    const [streams, counts, merges] = await Promise.all([
      runtime.store.streamStatus(),
      runtime.store.counts(),
      runtime.store.merges(),
    ]);
    const quarantine = await runtime.store.quarantined(undefined, options.quarantine ? 1000 : 5);
    if (options.json) {
      io.stdout(
        JSON.stringify({ store: where, counts, streams, merges: merges.length, quarantine }, null, 2),
      );
      return;
    }
    io.stdout(`store: ${where}\n`);
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
          abbreviate(cursorWords(s.cursor)),
        ]),
      ),
    );
    const matched = merges.filter((m) => m.reason !== 'source_merge').length;
    const mergedAccounts = merges.filter(
      (m) => m.reason === 'source_merge' && m.entityType === 'account',
    ).length;
    io.stdout(
      `\n${formatTable(
        ['contacts', 'accounts', 'events', 'deals', 'deleted contacts', 'scores', 'quarantined'],
        [
          [
            counts.contacts,
            counts.accounts,
            counts.events,
            counts.deals,
            counts.deletedContacts,
            counts.scores,
            counts.quarantined,
          ],
        ],
      )}`,
    );
    io.stdout(
      `\nIdentity: ${matched.toLocaleString('en-US')} source records were matched to a contact or company already known ` +
        `(same e-mail or web domain) and joined to it; ${counts.mergedContacts.toLocaleString('en-US')} contacts and ` +
        `${mergedAccounts.toLocaleString('en-US')} companies were merged into another by a CRM (kept, pointing at the one that stayed).`,
    );
    const distribution = await runtime.store.scoreDistribution();
    if (distribution.length > 0) {
      io.stdout(
        `\nCurrent scores by model and tier (avg score: the 0-100 score reps see; avg probability: the model's calibrated chance of the outcome):\n${formatTable(
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

/** "offset 1234, file contacts.csv": a cursor's fields as words, not a JSON object. */
function cursorWords(cursor: unknown): string {
  if (cursor === null || cursor === undefined) return '-';
  if (typeof cursor !== 'object') return String(cursor);
  return Object.entries(cursor as Record<string, unknown>)
    .map(([key, value]) => `${key} ${typeof value === 'object' ? cursorWords(value) : String(value)}`)
    .join(', ');
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
