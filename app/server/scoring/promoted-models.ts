import type { EntityType } from '../../../core/schema/index.ts';
import type { SqlStatement } from '../../../core/store/sql/sql-database.ts';
import { stringList } from '../../../core/store/sql/string-list.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import type { ScoreBand } from '../../../scoring/calibration/score-bands.ts';
import { evaluatorFor } from '../../../scoring/features/entity-features.ts';
import type { FeatureEvaluator } from '../../../scoring/features/evaluate/evaluate.ts';
import { type FeatureSet, featureNames, featureSetOf } from '../../../scoring/features/feature-set.ts';
import {
  type BinaryModelArtifact,
  parseBinaryArtifact,
  parseTierBands,
} from '../../../scoring/models/binary-artifact.ts';
import { BinaryScorer } from '../../../scoring/models/binary-scorer.ts';
import { parseLtvArtifact } from '../../../scoring/models/ltv-artifact.ts';
import { type ChurnProbe, churnProbe } from '../../../scoring/models/ltv-facts.ts';
import type { LtvArtifact } from '../../../scoring/models/ltv-trainer.ts';
import { binaryProbe, type ModelSpec, trainingOrder } from '../../../scoring/models/model-specs.ts';
import type { BaseProbe } from '../../../scoring/models/nba-log.ts';
import {
  type NbaArtifact,
  NbaPolicy,
  nbaFeatureSet,
  parseNbaArtifact,
} from '../../../scoring/models/nba-policy.ts';
import type { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import { storedTierAssigner, type TierAssigner } from '../../../scoring/tiers/index.ts';
import { StoreVersion } from './store-version.ts';

interface Common {
  readonly name: string;
  readonly version: string;
  readonly entityType: EntityType;
  /** The model's tier rule with the cut points of its latest scoring run. */
  readonly tiers: TierAssigner;
}

export interface ReadyBinary extends Common {
  readonly kind: 'lead' | 'churn';
  readonly artifact: BinaryModelArtifact;
  readonly featureSet: FeatureSet;
  readonly evaluator: FeatureEvaluator;
  readonly names: readonly string[];
  readonly scorer: BinaryScorer;
  readonly encode: (values: Parameters<ReturnType<BinaryScorer['rowEncoder']>['encode']>[0]) => Float64Array;
}

export interface ReadyLtv extends Common {
  readonly kind: 'ltv';
  readonly artifact: LtvArtifact;
  readonly churn: ChurnProbe | null;
  readonly bands: readonly ScoreBand[];
}

export interface ReadyNba extends Common {
  readonly kind: 'nba';
  readonly artifact: NbaArtifact;
  readonly policy: NbaPolicy;
  readonly featureSet: FeatureSet;
  readonly evaluator: FeatureEvaluator;
  readonly names: readonly string[];
  /** The lead/churn model whose probability rules read, on its own features. */
  readonly base: { readonly evaluator: FeatureEvaluator; readonly probe: BaseProbe } | null;
  readonly bands: readonly ScoreBand[];
}

export type ReadyModel = ReadyBinary | ReadyLtv | ReadyNba;

export interface PromotedSet {
  readonly models: readonly ReadyModel[];
  /** Every feature plan the models read, once each: what account bundles measure ahead. */
  readonly evaluators: readonly FeatureEvaluator[];
  /** Enabled specs without a promoted version. */
  readonly missing: readonly ModelSpec[];
}

function readyBinary(
  spec: ModelSpec,
  version: number,
  artifact: BinaryModelArtifact,
  tiers: TierAssigner,
): ReadyBinary {
  const featureSet = featureSetOf(artifact);
  const names = featureNames(featureSet);
  const scorer = new BinaryScorer(artifact);
  const encoder = scorer.rowEncoder(names);
  const buffer = new Float64Array(artifact.featureNames.length);
  return {
    name: spec.name,
    version: String(version),
    entityType: featureSet.entityType,
    kind: spec.kind as 'lead' | 'churn',
    tiers,
    artifact,
    featureSet,
    evaluator: evaluatorFor(featureSet),
    names,
    scorer,
    encode: (values) => encoder.encode(values, buffer),
  };
}

/** Every enabled spec's promoted model, parsed and compiled once, as batch scoring prepares them. */
export function compilePromoted(
  registry: ModelRegistry,
  specs: readonly ModelSpec[],
  configBands: readonly ScoreBand[],
): PromotedSet {
  const bands = parseTierBands(configBands);
  const models: ReadyModel[] = [];
  const missing: ModelSpec[] = [];
  const binaries = new Map<'lead' | 'churn', BinaryModelArtifact>();
  for (const spec of trainingOrder(specs)) {
    const record = registry.promoted(spec.name);
    if (!record) {
      missing.push(spec);
      continue;
    }
    const where = `model ${record.name} v${record.version}`;
    const tiers = storedTierAssigner(registry, spec, bands);
    if (spec.kind === 'lead' || spec.kind === 'churn') {
      const artifact = parseBinaryArtifact(record.artifact, where);
      // Batch scoring feeds LTV and NBA the first enabled spec of a kind; so does this.
      if (!binaries.has(spec.kind)) binaries.set(spec.kind, artifact);
      models.push(readyBinary(spec, record.version, artifact, tiers));
    } else if (spec.kind === 'ltv') {
      const churn = binaries.get('churn');
      models.push({
        name: spec.name,
        version: String(record.version),
        entityType: 'account',
        kind: 'ltv',
        tiers,
        artifact: parseLtvArtifact(record.artifact, where),
        churn: churn ? churnProbe(churn) : null,
        bands,
      });
    } else {
      const artifact = parseNbaArtifact(record.artifact, where);
      const base = binaries.get(artifact.entityType === 'account' ? 'churn' : 'lead');
      const featureSet = nbaFeatureSet(artifact);
      const baseSet = base ? featureSetOf(base) : null;
      models.push({
        name: spec.name,
        version: String(record.version),
        entityType: artifact.entityType,
        kind: 'nba',
        tiers,
        artifact,
        policy: new NbaPolicy(artifact),
        featureSet,
        evaluator: evaluatorFor(featureSet),
        names: featureNames(featureSet),
        base: base && baseSet ? { evaluator: evaluatorFor(baseSet), probe: binaryProbe(base) } : null,
        bands,
      });
    }
  }
  const evaluators = new Set<FeatureEvaluator>();
  for (const model of models) {
    if (model.kind === 'ltv') continue;
    evaluators.add(model.evaluator);
    if (model.kind === 'nba' && model.base) evaluators.add(model.base.evaluator);
  }
  return { models, missing, evaluators: [...evaluators] };
}

/**
 * The promoted models, recompiled only when a promotion or a scoring run (new percentile cut points)
 * changed them: one indexed query per request instead of parsing every artifact again.
 */
export class PromotedModelCache {
  readonly #registry: ModelRegistry;
  readonly #specs: readonly ModelSpec[];
  readonly #bands: readonly ScoreBand[];
  readonly #signatureQuery: SqlStatement;
  readonly #version: StoreVersion;
  #signature = '';
  #checkedAt = '';
  #current: PromotedSet | null = null;

  constructor(
    store: SqliteCanonicalStore,
    registry: ModelRegistry,
    specs: readonly ModelSpec[],
    bands: readonly ScoreBand[],
  ) {
    this.#registry = registry;
    this.#specs = specs;
    this.#bands = bands;
    this.#version = new StoreVersion(store.database);
    this.#signatureQuery = store.database.prepare(
      `SELECT (SELECT ${stringList(store.database, "name || ':' || version")} FROM (SELECT name, version FROM models WHERE status = 'promoted' ORDER BY name) promoted)
         || '|' || (SELECT COALESCE(MAX(id), 0) FROM model_runs) AS signature`,
    );
  }

  get(): PromotedSet {
    // A promotion or a scoring run writes to the store: while its version holds, nothing changed.
    const version = this.#version.current();
    if (this.#current !== null && version === this.#checkedAt) return this.#current;
    this.#checkedAt = version;
    const row = this.#signatureQuery.get() as { signature: string | null } | undefined;
    const signature = row?.signature ?? '';
    if (this.#current === null || signature !== this.#signature) {
      this.#current = compilePromoted(this.#registry, this.#specs, this.#bands);
      this.#signature = signature;
    }
    return this.#current;
  }
}
