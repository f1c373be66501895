export type { CutoffPlan, CutoffPlanOptions, RowRole } from './cutoffs.ts';
export { cutoffPlanOptionsSchema, planCutoffList, planCutoffs, roleOfCutoff } from './cutoffs.ts';
export type { BinaryLabel, LabelKind } from './populations.ts';
export {
  churnLabel,
  inChurnPopulation,
  inLeadPopulation,
  labelFor,
  leadLabel,
  populationFor,
} from './populations.ts';
