import type { Command } from 'commander';
import type { MigrationReport } from '../../app/store-admin.ts';
import { formatTable } from '../../app/table.ts';
import { systemClock } from '../../core/clock.ts';
import { type CommandIo, DEFAULT_CONFIG_FILE, EXIT_CODES_HELP, EXIT_OK, processIo } from './command-io.ts';
import { runGuarded } from './guarded.ts';

interface MigrateOptions {
  readonly config: string;
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

/** Applies the store's pending schema migrations (or lists them with --dry-run). */
export async function runMigrate(options: MigrateOptions, io: CommandIo): Promise<void> {
  await runGuarded(io, async () => {
    const [{ loadConfig }, { migrateProductStore }] = await Promise.all([
      import('../../app/config/index.ts'),
      import('../../app/store-admin.ts'),
    ]);
    const loaded = await loadConfig(options.config, io.env, { withoutEmailSecrets: true });
    const report = await migrateProductStore(loaded.config.store, systemClock, {
      dryRun: options.dryRun === true,
    });
    io.stdout(options.json ? JSON.stringify(asJson(report), null, 2) : formatReport(report));
    return EXIT_OK;
  });
}

function asJson(report: MigrationReport) {
  const list = (migrations: MigrationReport['applied']) =>
    migrations.map((m) => ({ version: m.version, name: m.name }));
  return {
    store: report.store,
    fromVersion: report.from,
    newestVersion: report.newest,
    applied: list(report.applied),
    pending: list(report.pending),
  };
}

export function formatReport(report: MigrationReport): string {
  const header = `store: ${report.store}\n`;
  const table = (migrations: MigrationReport['applied']) =>
    formatTable(
      ['version', 'migration'],
      migrations.map((m) => [m.version, m.name]),
    );
  if (report.pending.length > 0)
    return `${header}${report.pending.length} migration(s) would run (schema version ${report.from} -> ${report.newest}); nothing was changed:\n${table(report.pending)}`;
  if (report.applied.length > 0)
    return `${header}applied ${report.applied.length} migration(s) (schema version ${report.from} -> ${report.newest}):\n${table(report.applied)}`;
  return `${header}already up to date (schema version ${report.newest})`;
}

export function registerMigrate(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('migrate')
    .description(
      "bring the store's schema up to this version of scorebridge (required before other commands on Postgres)",
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--dry-run', 'list the migrations that would run, change nothing')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      `
Safe to run again and from several hosts at once: each migration is applied once, under the store's
write lock. An SQLite store also migrates when a command opens it; a Postgres store only here.${EXIT_CODES_HELP}`,
    )
    .action(async (options: MigrateOptions) => {
      await runMigrate(options, io);
    });
}
