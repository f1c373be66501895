export {
  type KeyWords,
  keyWordsFor,
  moneyWords,
  probabilityWords,
  scoreWords,
  type TierBandWords,
  tierBands,
  tierRuleText,
  tierWords,
} from './describe-tiers.ts';
export {
  atOrAbove,
  groupSizes,
  type PercentileCuts,
  percentileCuts,
  percentileCutsSchema,
  percentileTier,
  type RankedCut,
} from './percentile-cuts.ts';
export { type RunTiering, runTiering, runTieringSchema, tieringOfSummary } from './run-tiering.ts';
export { reusableCuts, storedTierAssigner } from './stored-tiering.ts';
export { rankKeyOf, TierAssigner, type TierInput } from './tier-assigner.ts';
export {
  type PercentileTierRule,
  percentileTierRule,
  type ScoreTierRule,
  scoreTierRule,
  TIERS_TOP_DOWN,
  type TierRule,
  tierRuleSchema,
} from './tier-rule.ts';
export { PopulationTiers, type SettledTiers, type TierChange } from './tier-settler.ts';
