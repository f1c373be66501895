import type { EntityType } from '../../core/schema/index.ts';
import { closestName } from '../eval/closest-name.ts';
import { learnDictionary } from '../features/dictionary.ts';
import { type FeatureSet, featureNames, featureSetFor, isCategorical } from '../features/feature-set.ts';
import { RawTableBuilder } from '../features/raw-table.ts';
import type { FeatureEngine } from '../features/rows/feature-engine.ts';
import { parseCutoff } from '../features/time.ts';
import { type LogisticModel, logisticPredictor, trainLogistic } from '../learners-linear/logistic.ts';
import { evaluatePolicy, type PolicyValue } from '../nba/off-policy.ts';
import { choosePolicy } from '../nba/ship-gate.ts';
import { fitTLearner } from '../nba/t-learner.ts';
import type { LoggedDecision } from '../nba/types.ts';
import type { ProgressCallback } from './binary-options.ts';
import {
  defaultCatalog,
  type NbaActionConfig,
  type NbaContext,
  parseNbaCatalog,
  toActions,
  unknownRuleFeatures,
} from './nba-catalog.ts';
import { type BaseProbe, baseProbabilityKey, collectDecisionLog, type NbaLogRow } from './nba-log.ts';
import { contextRow, type NbaArtifact, NbaPolicy, type NbaPolicySpec } from './nba-policy.ts';
import { stableUnit } from './sampling.ts';

export interface NbaTrainOptions {
  readonly asOf: string | Date;
  readonly entityType: EntityType;
  readonly horizonDays?: number;
  /** Action catalog as data (see nba-catalog.ts); default: the built-in catalog for the entity type. */
  readonly actions?: unknown;
  readonly maxHistoryDays?: number;
  /** Fewer logged decisions than this and no policy is learned (rules ship). Default 200. */
  readonly minLogRows?: number;
  /** Standard errors the learned policy must win by. Default 2. */
  readonly k?: number;
  readonly base?: BaseProbe | null;
  /** The features rules and the learned policy read (default: the built-in catalog). */
  readonly featureSet?: FeatureSet;
  readonly onProgress?: ProgressCallback;
}

export interface TrainedNbaModel {
  readonly artifact: NbaArtifact;
  readonly metrics: {
    readonly logRows: number;
    readonly testRows: number;
    readonly policyValue: PolicyValue | null;
    readonly gate: NbaArtifact['gate'];
  };
  /** The held-out half of the decision log the gate judged on. */
  readonly testLog: readonly LoggedDecision<NbaContext>[];
}

function checkRuleFeatures(
  catalog: readonly NbaActionConfig[],
  set: FeatureSet,
  entityType: EntityType,
): void {
  const known = [...featureNames(set), baseProbabilityKey(entityType)];
  const unknown = unknownRuleFeatures(catalog, known);
  if (unknown.length > 0) {
    const hints = unknown.map((name) => {
      const suggestion = closestName(name, known);
      return suggestion ? `"${name}" (did you mean "${suggestion}"?)` : `"${name}"`;
    });
    throw new Error(`nba actions: rules read unknown ${entityType} features ${hints.join(', ')}`);
  }
}

function learnPolicy(
  train: readonly NbaLogRow[],
  catalog: readonly NbaActionConfig[],
  set: FeatureSet,
  entityType: EntityType,
): NbaPolicySpec {
  const names = [...featureNames(set), baseProbabilityKey(entityType)];
  const builder = new RawTableBuilder(set);
  for (const row of train) builder.append(row.values);
  const dictionary = learnDictionary(builder.build());
  const categorical = [...isCategorical(set), false];
  const models: Record<string, LogisticModel> = {};
  const order = catalog.map((a) => a.id);
  let next = 0;
  fitTLearner(
    train.map((row) => ({
      context: row.context,
      action: row.action,
      propensity: row.propensity,
      reward: row.reward,
    })),
    {
      catalog: toActions(catalog),
      controlActionId: catalog.find((a) => a.when.length === 0)!.id,
      features: {
        featureNames: names,
        categorical,
        toRow: (context) => contextRow(context, names, dictionary),
      },
      trainer: (data, outcome) => {
        const model = trainLogistic(data, outcome, { l2: 1 });
        models[order[next++]!] = model;
        return logisticPredictor(model);
      },
    },
  );
  return { type: 'learned', featureNames: names, categorical, dictionary, models };
}

/**
 * Next best action: the catalog's rules always decide eligibility. With a randomised decision log
 * (events tagged nba_action / nba_propensity) a T-learner policy is fitted on half of it and shipped
 * only when the ship gate, on the other half, says it beats the best single action by k standard
 * errors; otherwise that single action ships. Without a usable log the priority rules ship.
 */
export async function trainNbaModel(fe: FeatureEngine, options: NbaTrainOptions): Promise<TrainedNbaModel> {
  const catalog =
    options.actions === undefined ? defaultCatalog(options.entityType) : parseNbaCatalog(options.actions);
  const set = options.featureSet ?? featureSetFor(options.entityType);
  checkRuleFeatures(catalog, set, options.entityType);
  const horizonDays = options.horizonDays ?? 30;
  const minRows = options.minLogRows ?? 200;
  const log = await collectDecisionLog(fe, {
    entityType: options.entityType,
    featureSet: set,
    asOfMs: parseCutoff(options.asOf, 'NBA training as-of'),
    horizonDays,
    maxHistoryDays: options.maxHistoryDays ?? 730,
    actions: catalog.map((a) => a.id),
    minRows,
    base: options.base ?? null,
    onProgress: (done, total) => options.onProgress?.('nba: decision log', done, total),
  });
  const base = {
    kind: 'nba' as const,
    entityType: options.entityType,
    horizonDays,
    featureSet: set.name,
    featureSpec: set.spec,
    catalog,
  };
  const usable = log.rows;
  if (log.usable < minRows) {
    const reason = `${log.usable} logged decisions with catalog actions (need ${minRows}); priority rules ship until a randomised log exists`;
    return {
      artifact: { ...base, policy: { type: 'rules' }, gate: { ran: false, reason } },
      metrics: { logRows: log.usable, testRows: 0, policyValue: null, gate: { ran: false, reason } },
      testLog: [],
    };
  }
  const train = usable.filter((row) => stableUnit(row.entityId) < 0.5);
  const testLog = usable
    .filter((row) => stableUnit(row.entityId) >= 0.5)
    .map((row) => ({
      context: row.context,
      action: row.action,
      propensity: row.propensity,
      reward: row.reward,
    }));
  let learned: NbaPolicySpec;
  try {
    learned = learnPolicy(train, catalog, set, options.entityType);
  } catch (error) {
    const reason = `no policy learned (${(error as Error).message}); priority rules ship`;
    return {
      artifact: { ...base, policy: { type: 'rules' }, gate: { ran: false, reason } },
      metrics: {
        logRows: usable.length,
        testRows: testLog.length,
        policyValue: null,
        gate: { ran: false, reason },
      },
      testLog,
    };
  }
  const candidate = new NbaPolicy({ ...base, policy: learned, gate: { ran: false, reason: '' } });
  const decision = choosePolicy({
    log: testLog,
    catalog: toActions(catalog),
    learnedPolicy: (context) => candidate.choose(context).action.id,
    k: options.k ?? 2,
  });
  const bestSingle = decision.singleActions[0]!;
  const policy: NbaPolicySpec =
    decision.choice === 'learned'
      ? learned
      : { type: 'single', actionId: decision.actionId ?? bestSingle.actionId };
  const gate = {
    ran: true,
    reason: decision.reason,
    learnedIps: decision.learned.ips,
    bestSingleIps: bestSingle.value.ips,
  };
  const artifact: NbaArtifact = { ...base, policy, gate };
  const shipped = new NbaPolicy(artifact);
  const costs = new Map(catalog.map((a) => [a.id, a.cost]));
  const policyValue = evaluatePolicy(
    testLog,
    (context) => shipped.choose(context).action.id,
    (id) => costs.get(id) ?? 0,
  );
  return {
    artifact,
    metrics: { logRows: usable.length, testRows: testLog.length, policyValue, gate },
    testLog,
  };
}
