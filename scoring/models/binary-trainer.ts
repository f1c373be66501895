import { datasetPsiReference, numericPsiReference } from '../drift/psi.ts';
import { encodeTable, learnDictionary } from '../features/dictionary.ts';
import { type FeatureSet, featureNames, featureSetFor } from '../features/feature-set.ts';
import { type RawTable, selectTableRows } from '../features/raw-table.ts';
import type { FeatureEngine } from '../features/rows/feature-engine.ts';
import { collectTrainingRows } from '../features/rows/training-rows.ts';
import { DAY_MS, isoOf, parseCutoff } from '../features/time.ts';
import { planCutoffList, planCutoffs, type RowRole, roleOfCutoff } from '../labels/cutoffs.ts';
import { type BinaryModelArtifact, parseTierBands } from './binary-artifact.ts';
import { type BinaryTrainOptions, parseBinaryTrainSettings } from './binary-options.ts';
import { BinaryScorer } from './binary-scorer.ts';
import { deploymentDriftReference } from './drift-reference.ts';
import { dataFingerprint } from './fingerprint.ts';
import { type BinaryHoldoutMetrics, binaryHoldoutMetrics } from './holdout-metrics.ts';
import { type FeatureImportance, shapImportance } from './importance.ts';
import { indicesWhere } from './sampling.ts';
import { type CandidateResult, type LearnerSelection, selectLearner } from './select-learner.ts';
import { type SelectLearnerJob, selectLearnerOnThread } from './select-learner-thread.ts';

export interface BinaryModelMetrics {
  readonly holdout: BinaryHoldoutMetrics;
  readonly candidates: readonly CandidateResult[];
  readonly chosen: string;
  readonly calibration: string;
  readonly rows: Readonly<Record<RowRole, number>>;
  readonly positives: Readonly<Record<RowRole, number>>;
  readonly cutoffs: {
    readonly holdout: string;
    readonly calibration: readonly string[];
    readonly fit: readonly string[];
  };
  readonly importance: readonly FeatureImportance[];
}

/** Out-of-time rows kept with a trained model so the current champion can be re-scored on them. */
export interface HoldoutRows {
  readonly table: RawTable;
  readonly y: Float64Array;
  readonly entityIds: readonly string[];
}

export interface TrainedBinaryModel {
  readonly artifact: BinaryModelArtifact;
  readonly metrics: BinaryModelMetrics;
  readonly holdout: HoldoutRows;
  /** From the oldest training cutoff to the holdout cutoff (the end of the last training label window). */
  readonly trainingWindow: { readonly from: string; readonly to: string };
  readonly fingerprint: string;
}

function countOf(y: Float64Array): number {
  let total = 0;
  for (const v of y) total += v;
  return total;
}

/**
 * Trains a lead or churn model as of `asOf`: rows from several past cutoffs (features strictly
 * before each cutoff, labels in the horizon after it), the learner chosen and calibrated on the
 * newest training cutoff, and quality measured on the latest fully observed window.
 */
export async function trainBinaryModel(
  fe: FeatureEngine,
  options: BinaryTrainOptions & { readonly featureSet?: FeatureSet },
): Promise<TrainedBinaryModel> {
  const settings = parseBinaryTrainSettings(options);
  const bands = parseTierBands(settings.bands);
  const asOfMs = parseCutoff(options.asOf, `${options.kind} training as-of`);
  const plan = planCutoffs(asOfMs, {
    horizonDays: settings.horizonDays,
    spacingDays: settings.spacingDays,
    maxTrainingCutoffs: settings.maxTrainingCutoffs,
    calibrationCutoffs: settings.calibrationCutoffs,
    maxHistoryDays: settings.maxHistoryDays,
  });
  const cutoffs = planCutoffList(plan);
  const featureSet = options.featureSet ?? featureSetFor(options.kind === 'lead' ? 'contact' : 'account');
  // The query aggregates every row before the first arrives: say it started (its size comes with them).
  options.onProgress?.(`${options.kind}: reading features`, 0);
  const collected = await collectTrainingRows(fe, {
    featureSet,
    kind: options.kind,
    cutoffs,
    horizonDays: settings.horizonDays,
    maxRows: settings.maxRows,
    minHistoryDays: settings.minHistoryDays,
    onProgress: (done, total) => options.onProgress?.(`${options.kind}: reading features`, done, total),
  });
  const labels = collected.labels;
  const historyStart = collected.earliestEventMs + settings.minHistoryDays * DAY_MS;
  const rowsOf = (wanted: RowRole) =>
    indicesWhere(labels.length, (i) => roleOfCutoff(plan, collected.cutoffIndex[i]!) === wanted);
  const usedFit = plan.fitMs.filter((cutoff) => !(cutoff < historyStart));
  const fitRows = rowsOf('fit');
  const calibrationRows = rowsOf('calibration');
  const holdoutRows = rowsOf('holdout');
  const labelsOf = (rows: Int32Array) => Float64Array.from(rows, (i) => labels[i]!);
  const fitY = labelsOf(fitRows);
  const positives = countOf(fitY);
  if (positives < 5 || fitY.length - positives < 5) {
    throw new Error(
      `${options.kind}: the training cutoffs hold ${positives} positive and ${fitY.length - positives} negative rows; ` +
        'at least 5 of each are needed: sync more history, lengthen maxHistoryDays or the horizon',
    );
  }

  const trainingTable = selectTableRows(collected.table, Int32Array.from([...fitRows, ...calibrationRows]));
  const dictionary = learnDictionary(trainingTable);
  const names = featureNames(featureSet);
  const encode = (rows: Int32Array) => encodeTable(selectTableRows(collected.table, rows), dictionary, names);
  const fit = { data: encode(fitRows), y: fitY };
  const calibration = { data: encode(calibrationRows), y: labelsOf(calibrationRows) };
  const job: SelectLearnerJob = {
    choice: settings.learner,
    fit,
    calibration,
    options: {
      seed: settings.seed,
      calibration: settings.calibration,
      ...(options.params ? { params: options.params } : {}),
    },
  };
  // A caller showing progress gets the fit on a worker thread, so its bars keep moving.
  const progress = options.onProgress;
  const selection: LearnerSelection = progress
    ? await selectLearnerOnThread(job, (step, done, total) =>
        progress(`${options.kind}: fitting ${step}`, done, total),
      )
    : selectLearner(job.choice, fit, calibration, job.options);
  const draft: BinaryModelArtifact = {
    kind: options.kind,
    entityType: featureSet.entityType,
    horizonDays: settings.horizonDays,
    featureSet: featureSet.name,
    featureSpec: featureSet.spec,
    featureNames: names,
    dictionary,
    learner: selection.learner,
    calibrator: selection.calibrator,
    bands,
    drift: { features: [], score: numericPsiReference('score', [0]) },
  };
  const scorer = new BinaryScorer(draft);
  options.onProgress?.(`${options.kind}: drift reference`, 0, 1);
  const deployed = await deploymentDriftReference(fe, {
    kind: options.kind,
    asOfMs,
    featureSet,
    scorer,
    maxRows: settings.maxRows,
  });
  const artifact: BinaryModelArtifact = {
    ...draft,
    drift: deployed
      ? { features: deployed.features, score: deployed.score }
      : {
          features: datasetPsiReference(encodeTable(trainingTable, dictionary, names)),
          score: numericPsiReference('score', scorer.probabilities(calibration.data)),
        },
  };
  options.onProgress?.(`${options.kind}: drift reference`, 1, 1);
  const holdoutTable = selectTableRows(collected.table, holdoutRows);
  const holdoutData = encodeTable(holdoutTable, dictionary, names);
  const holdoutY = labelsOf(holdoutRows);
  const rows = { fit: fitRows.length, calibration: calibrationRows.length, holdout: holdoutRows.length };
  const metrics: BinaryModelMetrics = {
    holdout: binaryHoldoutMetrics(holdoutY, scorer.probabilities(holdoutData)),
    candidates: selection.candidates,
    chosen: selection.chosen,
    calibration: selection.calibrator.method,
    rows,
    positives: { fit: positives, calibration: countOf(calibration.y), holdout: countOf(holdoutY) },
    cutoffs: {
      holdout: isoOf(plan.holdoutMs),
      calibration: plan.calibrationMs.map(isoOf),
      fit: usedFit.map(isoOf),
    },
    importance: shapImportance(scorer.runtime, holdoutData.nRows > 0 ? holdoutData : calibration.data),
  };
  return {
    artifact,
    metrics,
    holdout: {
      table: holdoutTable,
      y: holdoutY,
      entityIds: Array.from(holdoutRows, (i) => collected.entityIds[i]!),
    },
    trainingWindow: {
      from: isoOf(Math.min(...(usedFit.length > 0 ? usedFit : plan.fitMs))),
      to: isoOf(plan.holdoutMs),
    },
    fingerprint: dataFingerprint(collected.table, collected.entityIds, collected.cutoffIndex, labels),
  };
}
