/**
 * Per-score explanations: exact TreeSHAP on tree ensembles, score-point attributions that add up
 * to the score, and reasons phrased for sales reps from a feature catalog.
 */
export type { AttributionOptions, Contribution, ScoreAttribution } from './attribution.ts';
export { attributeScore, compareByImpact, defaultScoreOfMargin } from './attribution.ts';
export type { FeatureDescriptor, FeatureKind, TemplateCase } from './feature-catalog.ts';
export {
  casesByKind,
  featureCatalogSchema,
  featureKinds,
  parseFeatureCatalog,
  templateCases,
} from './feature-catalog.ts';
export { defaultTemplates } from './reason-text.ts';
export type { FeatureRow, Reason, RenderReasonsOptions } from './reasons.ts';
export { renderReasons } from './reasons.ts';
export type { ShapBatch, ShapExplanation, TreeShapExplainer, TreeShapOptions } from './treeshap.ts';
export { createTreeShapExplainer, treeShap } from './treeshap.ts';
