import { ConfigError, parseYamlSource, toConfigIssues } from '../../../core/config/index.ts';
import type { EntityType } from '../../../core/schema/index.ts';
import { type FeatureAdditions, featureSetFor } from '../feature-set.ts';
import { mergeVocabularies } from '../plan/event-names.ts';
import { FeaturePlanError } from '../plan/lower.ts';
import { type FeatureFile, featureFileSchema } from '../vocabulary/schema.ts';

/**
 * Reads a written feature file back the way `scoring.featureFiles` will, and lowers its features
 * with the config's, so a file discover writes is one the next `scorebridge train` accepts.
 * Features of `replacing` (the file being rewritten) are left out of the config's.
 */
export function checkFeatureFile(
  text: string,
  file: string,
  additions: Partial<Record<EntityType, FeatureAdditions>> = {},
  replacing?: string,
): FeatureFile {
  const source = parseYamlSource(text, file);
  if (source.syntaxIssues.length > 0) throw new ConfigError([...source.syntaxIssues]);
  const parsed = featureFileSchema.safeParse(source.data ?? {});
  if (!parsed.success)
    throw new ConfigError(
      toConfigIssues(parsed.error.issues, { source, schema: featureFileSchema, data: source.data }),
    );
  for (const entityType of ['contact', 'account'] as const) {
    const current = additions[entityType] ?? {};
    const kept = Object.entries(current.definitions ?? {}).filter(
      ([name]) => replacing === undefined || current.origins?.[name] !== replacing,
    );
    const vocabulary = current.vocabulary
      ? mergeVocabularies(current.vocabulary, parsed.data.events)
      : parsed.data.events;
    try {
      featureSetFor(entityType, {
        vocabulary,
        definitions: { ...Object.fromEntries(kept), ...parsed.data.features[entityType] },
      });
    } catch (error) {
      if (!(error instanceof FeaturePlanError)) throw error;
      throw new Error(
        `discover wrote features that cannot be computed (a bug): ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
  }
  return parsed.data;
}
