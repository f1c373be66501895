/** What a workflow file may refer to; absent when only the shape is wanted (JSON Schema export). */
export interface ReferenceContext {
  /** Connector names from the main config. */
  readonly connectors: readonly string[];
  /** The subset of `connectors` that are CRMs, in config order; `to: crm` means the first. */
  readonly crmConnectors: readonly string[];
  /** Model names a trigger or exit may name; empty skips the check. */
  readonly models: readonly string[];
  /** Tier names a tier_change trigger or a step's `tiers` may name. */
  readonly tiers: readonly string[];
  /** Email template names of the workflow's template set; undefined skips the check. */
  readonly templates?: readonly string[];
}

/** `to: crm` in a step: the first configured CRM connector, and the step is skipped when there is none. */
export const CRM_ALIAS = 'crm';
