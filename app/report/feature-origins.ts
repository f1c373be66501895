import { DISCOVERED_PREFIX } from '../../scoring/features/discover/context.ts';
import { builtinFeatureSet, type FeatureSet, INLINE_ORIGIN } from '../../scoring/features/feature-set.ts';
import type { FeatureDefinitionInput } from '../../scoring/features/vocabulary/schema.ts';

/**
 * Where each feature of a trained model came from, read from the feature spec the model stores:
 * the built-in catalog, a feature file (discovered by `features discover`, or hand-written),
 * or `scoring.features`. Models record the origin of added features since feature files exist;
 * for older models a feature matching the built-in catalog is built-in, any other is "added".
 */
export type OriginKind = 'built-in' | 'discovered' | 'feature file' | 'scoring.features' | 'added';

export interface FeatureOrigin {
  readonly kind: OriginKind;
  /** The feature file, `scoring.features`, or `built-in`. */
  readonly where: string;
}

export interface FeatureProvenance {
  readonly origins: ReadonlyMap<string, FeatureOrigin>;
  readonly counts: Readonly<Record<OriginKind, number>>;
  /** Files the features came from, with how many each. */
  readonly files: ReadonlyMap<string, number>;
}

/** JSON with object keys sorted: two definitions are the same whatever order their keys were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function isDiscovered(definition: FeatureDefinitionInput): boolean {
  return definition.description?.startsWith(DISCOVERED_PREFIX) ?? false;
}

function originOf(
  name: string,
  definition: FeatureDefinitionInput,
  recorded: string | undefined,
  builtin: Readonly<Record<string, FeatureDefinitionInput>>,
): FeatureOrigin {
  if (recorded !== undefined) {
    if (isDiscovered(definition)) return { kind: 'discovered', where: recorded };
    return recorded === INLINE_ORIGIN
      ? { kind: 'scoring.features', where: recorded }
      : { kind: 'feature file', where: recorded };
  }
  const same = builtin[name];
  if (same && canonical(same) === canonical(definition)) return { kind: 'built-in', where: 'built-in' };
  if (isDiscovered(definition)) return { kind: 'discovered', where: 'a feature file' };
  return { kind: 'added', where: 'scoring.features or a feature file' };
}

export function featureProvenance(set: FeatureSet): FeatureProvenance {
  const builtin = builtinFeatureSet(set.entityType).spec.definitions;
  const origins = new Map<string, FeatureOrigin>();
  const counts: Record<OriginKind, number> = {
    'built-in': 0,
    discovered: 0,
    'feature file': 0,
    'scoring.features': 0,
    added: 0,
  };
  const files = new Map<string, number>();
  for (const [name, definition] of Object.entries(set.spec.definitions)) {
    const origin = originOf(name, definition, set.spec.origins?.[name], builtin);
    origins.set(name, origin);
    counts[origin.kind]++;
    if (origin.kind === 'discovered' || origin.kind === 'feature file')
      files.set(origin.where, (files.get(origin.where) ?? 0) + 1);
  }
  return { origins, counts, files };
}

/** "71 features: 58 built-in, 9 discovered, 2 from feature files, 2 from scoring.features (discovered.yaml: 9)". */
export function provenanceSummary(p: FeatureProvenance): string {
  const parts = [`${p.counts['built-in']} built-in`];
  if (p.counts.discovered > 0) parts.push(`${p.counts.discovered} discovered`);
  if (p.counts['feature file'] > 0) parts.push(`${p.counts['feature file']} from feature files`);
  if (p.counts['scoring.features'] > 0) parts.push(`${p.counts['scoring.features']} from scoring.features`);
  if (p.counts.added > 0) parts.push(`${p.counts.added} added (origin not recorded)`);
  const total = Object.values(p.counts).reduce((a, b) => a + b, 0);
  const files = [...p.files.entries()].map(([file, n]) => `${file}: ${n}`).join(', ');
  return `${total} features: ${parts.join(', ')}${files ? ` (${files})` : ''}`;
}

/** The origin as a table cell: "built-in", "discovered (discovered.yaml)", "file topics.yaml". */
export function originText(origin: FeatureOrigin | undefined): string {
  if (!origin) return '';
  if (origin.kind === 'discovered') return `discovered (${origin.where})`;
  if (origin.kind === 'feature file') return `file ${origin.where}`;
  return origin.kind;
}
