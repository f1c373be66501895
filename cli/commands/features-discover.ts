import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { LoadedConfig } from '../../app/config/index.ts';
import type { EntityType } from '../../core/schema/index.ts';
import { DISCOVER_DEFAULTS, type DiscoveryReport } from '../../scoring/features/discover/types.ts';
import { parseCutoff } from '../../scoring/features/time.ts';
import { type CommandIo, DEFAULT_CONFIG_FILE, EXIT_CODES_HELP, EXIT_OK } from './command-io.ts';
import { asOfWords, resolveAsOf } from './default-as-of.ts';
import { runGuarded } from './guarded.ts';
import { openConfiguredSession, parseAsOfOption, type ScoringCommandDeps } from './scoring-context.ts';

export interface DiscoverCliOptions {
  readonly config: string;
  readonly store?: string;
  readonly asOf?: string;
  readonly entity?: EntityType;
  readonly minCoverage?: number;
  readonly write?: string;
  readonly json?: boolean;
}

export function parseEntityOption(value: string): EntityType {
  if (value !== 'contact' && value !== 'account')
    throw new InvalidArgumentError(`expected contact or account, got '${value}'`);
  return value;
}

/** "0.05" or "5%" -> 0.05. */
export function parseCoverageOption(value: string): number {
  const text = value.trim();
  const share = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!Number.isFinite(share) || share < 0 || share > 1)
    throw new InvalidArgumentError(`expected a share such as 0.1 or 10%, got '${value}'`);
  return share;
}

/** Where the written file goes, how scoring.featureFiles names it, and whether it already does. */
function writeTarget(file: string, loaded: LoadedConfig) {
  const absolute = path.resolve(file);
  const listed = loaded.config.scoring.featureFiles.find(
    (f) => path.resolve(loaded.configDir, f) === absolute,
  );
  const listedAs = listed ?? path.relative(loaded.configDir, absolute).split(path.sep).join('/');
  return { absolute, listedAs, alreadyListed: listed !== undefined };
}

function counts(report: DiscoveryReport): string {
  return report.entities.map((e) => `${e.proposed.length} ${e.entityType}`).join(' and ');
}

/**
 * `scorebridge features discover`: proposes features from what the store holds, leaves out
 * constants, identifiers, sparse and leaking candidates with the measured reason, and writes the
 * proposals as a feature file to list in scoring.featureFiles.
 */
export async function runFeaturesDiscover(
  options: DiscoverCliOptions,
  deps: ScoringCommandDeps,
  io: CommandIo,
): Promise<void> {
  await runGuarded(io, async () => {
    const [
      { loadConfig },
      { checkFeatureFile },
      { discoverFeatures },
      { renderFeatureFile },
      { formatDiscovery },
    ] = await Promise.all([
      import('../../app/config/index.ts'),
      import('../../scoring/features/discover/check-file.ts'),
      import('../../scoring/features/discover/discover.ts'),
      import('../../scoring/features/discover/render-yaml.ts'),
      import('./features-discover-format.ts'),
    ]);
    // The file to write may be listed in scoring.featureFiles before it exists.
    const missingOk = options.write ? [path.resolve(options.write)] : [];
    const loaded = await loadConfig(options.config, io.env, { missingFeatureFilesOk: missingOk });
    const target = options.write ? writeTarget(options.write, loaded) : null;
    const session = await openConfiguredSession(options, deps, io.env, loaded);
    try {
      const resolved = resolveAsOf(options.asOf, session.store, session.clock);
      if (!options.json) io.stdout(`discovering features ${asOfWords(resolved)}`);
      const asOfMs = parseCutoff(resolved.asOf, '--as-of');
      const horizon = (kind: 'lead' | 'churn') =>
        session.specs.find((s) => s.kind === kind && s.enabled)?.horizonDays ?? DISCOVER_DEFAULTS.horizonDays;
      const report = await discoverFeatures((await session.analytics()).features, {
        entityTypes: options.entity ? [options.entity] : ['contact', 'account'],
        asOfMs,
        ...(options.minCoverage === undefined ? {} : { minCoverage: options.minCoverage }),
        horizons: { lead: horizon('lead'), churn: horizon('churn') },
        additions: session.features,
        ...(target?.alreadyListed ? { replacing: target.listedAs } : {}),
      });
      const say = options.json ? io.stderr : io.stdout;
      if (options.json) io.stdout(JSON.stringify(report, null, 2));
      else io.stdout(formatDiscovery(report));
      if (!target) {
        say(
          '\nwrite these to a feature file with --write FILE (e.g. --write config/discovered-features.yaml)',
        );
        return EXIT_OK;
      }
      const text = renderFeatureFile(report, { listedAs: target.listedAs });
      checkFeatureFile(
        text,
        target.absolute,
        session.features,
        target.alreadyListed ? target.listedAs : undefined,
      );
      await mkdir(path.dirname(target.absolute), { recursive: true });
      await writeFile(target.absolute, text, 'utf8');
      say(`\nwrote ${options.write} (${counts(report)} features)`);
      say(
        target.alreadyListed
          ? `scoring.featureFiles already lists ${target.listedAs}: run \`scorebridge train\` to use them`
          : `to use them, add to ${loaded.displayFile}:  scoring: { featureFiles: [${target.listedAs}] }  then run \`scorebridge train\``,
      );
      return EXIT_OK;
    } finally {
      await session.close();
    }
  });
}

export function registerFeaturesDiscover(features: Command, deps: ScoringCommandDeps, io: CommandIo): void {
  features
    .command('discover')
    .description(
      'Propose features from the store (frequent events, event and CRM properties), leaving out constants, ids, sparse and leaking fields with the measured reason',
    )
    .option('--entity <type>', 'contact or account (default: both)', parseEntityOption)
    .option(
      '--min-coverage <share>',
      `least share of entities a candidate must cover, e.g. 0.1 or 10% (default ${DISCOVER_DEFAULTS.minCoverage})`,
      parseCoverageOption,
    )
    .option(
      '--as-of <date>',
      'profile data before this date (ISO); default: the end of the latest complete day of data in the store',
      parseAsOfOption,
    )
    .option('--write <file>', 'write the proposals as a feature file to list in scoring.featureFiles')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--store <path>', 'SQLite store file (default: store.path from the config)')
    .option('--json', 'print the proposals and drops as JSON')
    .addHelpText(
      'after',
      `
Leakage: each CRM property is compared between entities with an outcome and the others: converted,
churned or became a customer before --as-of, and the lead/churn labels at cutoffs whose horizon has
passed. One separating them with AUC >= ${DISCOVER_DEFAULTS.leakAuc} (${DISCOVER_DEFAULTS.suspiciousLeakAuc} when its name suggests an
outcome), or having a value only with the outcome, is left out; the reason says what was measured.
${EXIT_CODES_HELP}`,
    )
    // `features` itself has -c, --store, --as-of and --json and reads them wherever they are written:
    // merged, they mean the same for discover.
    .action(async (_options: DiscoverCliOptions, command: Command) =>
      runFeaturesDiscover(command.optsWithGlobals<DiscoverCliOptions>(), deps, io),
    );
}
