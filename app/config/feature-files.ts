import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ConfigError,
  type ConfigIssue,
  displayPath,
  issueAt,
  parseYamlSource,
  toConfigIssues,
} from '../../core/config/index.ts';
import type { EntityType } from '../../core/schema/index.ts';
import { featureSetFor, INLINE_ORIGIN } from '../../scoring/features/feature-set.ts';
import { mergeVocabularies } from '../../scoring/features/plan/event-names.ts';
import { FeaturePlanError } from '../../scoring/features/plan/lower.ts';
import { type FeatureFile, featureFileSchema } from '../../scoring/features/vocabulary/schema.ts';
import type { ScoringConfig } from './scoring.ts';

interface LoadedFile {
  readonly file: string;
  readonly shown: string;
  readonly source: ReturnType<typeof parseYamlSource>;
  readonly content: FeatureFile;
}

async function readFeatureFile(file: string, cwd: string): Promise<LoadedFile | ConfigIssue[]> {
  const shown = displayPath(file, cwd);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return [
      {
        file: shown,
        line: 1,
        column: 1,
        path: '',
        message:
          code === 'ENOENT' ? 'feature file not found' : `cannot read feature file (${code ?? 'error'})`,
        hint: 'check scoring.featureFiles, or write one with `scorebridge features discover --write FILE`',
      },
    ];
  }
  const source = parseYamlSource(text, shown);
  if (source.syntaxIssues.length > 0) return [...source.syntaxIssues];
  const parsed = featureFileSchema.safeParse(source.data ?? {});
  if (!parsed.success)
    return toConfigIssues(parsed.error.issues, { source, schema: featureFileSchema, data: source.data });
  return { file, shown, source, content: parsed.data };
}

/** Entity type -> feature name -> where it was written: `scoring.features` or a feature file as listed. */
export type FeatureOrigins = Readonly<Record<EntityType, Readonly<Record<string, string>>>>;

export interface ScoringWithFiles {
  readonly scoring: ScoringConfig;
  readonly origins: FeatureOrigins;
}

function inlineOrigins(scoring: ScoringConfig): Record<EntityType, Record<string, string>> {
  const of = (entityType: EntityType) =>
    Object.fromEntries(Object.keys(scoring.features[entityType]).map((name) => [name, INLINE_ORIGIN]));
  return { contact: of('contact'), account: of('account') };
}

/**
 * Joins the feature files `scoring.featureFiles` lists (discovered or hand-written features, one
 * file per topic, like dbt models) into the scoring config. A feature defined twice, or one that
 * cannot be computed, is an error located in the file that defines it.
 */
export async function withFeatureFiles(
  scoring: ScoringConfig,
  configDir: string,
  cwd: string = process.cwd(),
  /** Absolute paths of files that may not exist yet (the one `features discover --write` creates). */
  missingOk: readonly string[] = [],
): Promise<ScoringWithFiles> {
  const origins = inlineOrigins(scoring);
  if (scoring.featureFiles.length === 0) return { scoring, origins };
  const issues: ConfigIssue[] = [];
  const loaded: (LoadedFile & { readonly listed: string })[] = [];
  for (const file of scoring.featureFiles) {
    const absolute = path.resolve(configDir, file);
    const result = await readFeatureFile(absolute, cwd);
    if (Array.isArray(result) && missingOk.includes(absolute) && !existsSync(absolute)) continue;
    if (Array.isArray(result)) issues.push(...result);
    else loaded.push({ ...result, listed: file });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const features: Record<EntityType, Record<string, ScoringConfig['features']['contact'][string]>> = {
    contact: { ...scoring.features.contact },
    account: { ...scoring.features.account },
  };
  const origin = new Map<string, LoadedFile>();
  let events = scoring.events;
  for (const file of loaded) {
    events = mergeVocabularies(events, file.content.events);
    for (const entityType of ['contact', 'account'] as const) {
      for (const [name, definition] of Object.entries(file.content.features[entityType])) {
        const key = `${entityType}.${name}`;
        if (Object.hasOwn(features[entityType], name)) {
          const first = origin.get(key);
          issues.push(
            issueAt(
              file.source,
              ['features', entityType, name],
              `feature '${name}' is already defined in ${first ? first.shown : 'scorebridge.yaml (scoring.features)'}`,
              'rename one of them',
              'key',
            ),
          );
          continue;
        }
        features[entityType][name] = definition;
        origin.set(key, file);
        origins[entityType][name] = file.listed;
      }
    }
  }
  for (const entityType of ['contact', 'account'] as const) {
    try {
      featureSetFor(entityType, { vocabulary: events, definitions: features[entityType] });
    } catch (error) {
      if (!(error instanceof FeaturePlanError)) throw error;
      for (const issue of error.issues) {
        const file = origin.get(`${entityType}.${String(issue.path[0])}`);
        if (file)
          issues.push(
            issueAt(file.source, ['features', entityType, ...issue.path], issue.message, issue.hint),
          );
      }
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { scoring: { ...scoring, events, features }, origins };
}
