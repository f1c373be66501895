import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { isoOf } from '../../scoring/features/time.ts';
import { type CommandIo, DEFAULT_CONFIG_FILE, EXIT_CODES_HELP, EXIT_OK, processIo } from './command-io.ts';
import { runGuarded } from './guarded.ts';
import {
  kindsOf,
  type ModelChoice,
  openConfiguredSession,
  parseModelChoice,
  type ScoringCommandDeps,
} from './scoring-context.ts';

export interface ReportCliOptions {
  readonly model: ModelChoice;
  readonly config: string;
  readonly store?: string;
  readonly html?: string;
  readonly json?: boolean;
}

/** Metrics, lift/gains, calibration, top features and drift of the promoted models; optionally as HTML. */
export async function runReport(
  options: ReportCliOptions,
  deps: ScoringCommandDeps,
  io: CommandIo,
): Promise<void> {
  await runGuarded(io, async () => {
    const [{ collectReports }, { renderReportHtml }, { formatReport }] = await Promise.all([
      import('../../app/report/report-data.ts'),
      import('../../app/report/report-html.ts'),
      import('./report-text.ts'),
    ]);
    const session = await openConfiguredSession(options, deps, io.env);
    try {
      const kinds = kindsOf(options.model);
      const reports = collectReports(session.registry, session.specs, kinds);
      if (options.html) {
        await writeFile(
          options.html,
          renderReportHtml(reports, isoOf(session.clock.now().getTime())),
          'utf8',
        );
        io.stderr(`wrote ${options.html}`);
      }
      if (options.json) {
        const plain = reports.map((r) => ({
          name: r.spec.name,
          kind: r.spec.kind,
          promoted: r.promoted,
          newest: r.newest,
          run: r.run,
          features: r.features
            ? { counts: r.features.counts, origins: Object.fromEntries(r.features.origins) }
            : null,
        }));
        io.stdout(JSON.stringify(plain, (key, value) => (key === 'artifact' ? undefined : value), 2));
      } else io.stdout(formatReport(reports));
      return EXIT_OK;
    } finally {
      await session.close();
    }
  });
}

export function registerReport(program: Command, deps: ScoringCommandDeps = {}): void {
  program
    .command('report')
    .description('show model quality (holdout metrics, lift, calibration, top features) and drift')
    .option('--model <kind>', 'lead, churn, ltv, nba or all', parseModelChoice, 'all')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--store <path>', 'SQLite store file (default: store.path from the config)')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--json', 'print the registry records as JSON (without artifacts)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: ReportCliOptions) => runReport(options, deps, processIo));
}
