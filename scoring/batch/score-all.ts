import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import { isoOf, parseCutoff } from '../features/time.ts';
import { parseBinaryArtifact } from '../models/binary-artifact.ts';
import type { ProgressCallback } from '../models/binary-options.ts';
import { parseLtvArtifact } from '../models/ltv-artifact.ts';
import { binaryProbe, type ModelSpec, promotedBinary, trainingOrder } from '../models/model-specs.ts';
import { parseNbaArtifact } from '../models/nba-policy.ts';
import type { ModelRegistry } from '../registry/model-registry.ts';
import { scoreBinaryModel } from './score-binary.ts';
import { scoreLtvModel } from './score-ltv.ts';
import { scoreNbaModel } from './score-nba.ts';

export interface ScoreAllOptions {
  readonly asOf: string | Date;
  readonly specs: readonly ModelSpec[];
  readonly kinds?: readonly ModelSpec['kind'][];
  readonly bands?: unknown;
  readonly computedAt?: string;
  readonly pageSize?: number;
  readonly onProgress?: ProgressCallback;
}

export interface ScoredSpec {
  readonly spec: ModelSpec;
  /** null when the model has no promoted version yet (train it first). */
  readonly version: number | null;
  readonly scored: number;
  readonly seconds: number;
  readonly summary: string;
}

/**
 * Scores every enabled model's promoted version as of `asOf` and records each run (score
 * distribution and, for lead/churn, drift of every feature and of the score) in the registry.
 */
export async function scoreAll(
  store: CanonicalStore,
  registry: ModelRegistry,
  options: ScoreAllOptions,
): Promise<ScoredSpec[]> {
  const asOf = isoOf(parseCutoff(options.asOf, 'score as-of'));
  const common = {
    asOf,
    ...(options.computedAt ? { computedAt: options.computedAt } : {}),
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  const out: ScoredSpec[] = [];
  for (const spec of trainingOrder(options.specs)) {
    if (options.kinds && !options.kinds.includes(spec.kind)) continue;
    const record = registry.promoted(spec.name);
    if (!record) {
      out.push({
        spec,
        version: null,
        scored: 0,
        seconds: 0,
        summary: 'no promoted model: run `scorebridge train` first',
      });
      continue;
    }
    const where = `model ${record.name} v${record.version}`;
    const ref = { name: spec.name, version: String(record.version) };
    const started = performance.now();
    let scored: number;
    let summary: unknown;
    let text: string;
    if (spec.kind === 'lead' || spec.kind === 'churn') {
      const result = await scoreBinaryModel(
        store,
        { ...ref, artifact: parseBinaryArtifact(record.artifact, where) },
        common,
      );
      scored = result.scored;
      summary = result;
      text = `tiers ${JSON.stringify(result.tiers)}; score PSI ${result.drift.score.psi.toFixed(3)} (${result.drift.score.status}); ${result.drift.alert} features alert, ${result.drift.warn} warn`;
    } else if (spec.kind === 'ltv') {
      const churn = promotedBinary(registry, options.specs, 'churn');
      const result = await scoreLtvModel(
        store,
        { ...ref, artifact: parseLtvArtifact(record.artifact, where) },
        { ...common, churn, bands: options.bands },
      );
      scored = result.scored;
      summary = result;
      text = `total expected revenue $${Math.round(result.totalAmount).toLocaleString('en-US')}; tiers ${JSON.stringify(result.tiers)}`;
    } else {
      const artifact = parseNbaArtifact(record.artifact, where);
      const baseArtifact = promotedBinary(
        registry,
        options.specs,
        artifact.entityType === 'account' ? 'churn' : 'lead',
      );
      const result = await scoreNbaModel(
        store,
        { ...ref, artifact },
        { ...common, base: baseArtifact ? binaryProbe(baseArtifact) : null, bands: options.bands },
      );
      scored = result.scored;
      summary = result;
      text = `actions ${JSON.stringify(result.actions)}`;
    }
    registry.recordRun({ name: spec.name, version: record.version, asOf, rows: scored, summary });
    out.push({
      spec,
      version: record.version,
      scored,
      seconds: (performance.now() - started) / 1000,
      summary: text,
    });
  }
  return out;
}
