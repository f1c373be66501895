import { type ConfigIssue, issueAt, type YamlSource } from '../../core/config/index.ts';

function records(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'object' && item !== null) : [];
}

/**
 * A step limited to tiers needs exactly one model whose tier the contact was enrolled in. Read from the
 * raw document so it is reported even when other parts of the file fail validation.
 */
export function tierStepIssues(source: YamlSource): ConfigIssue[] {
  const data = (typeof source.data === 'object' && source.data !== null ? source.data : {}) as Record<
    string,
    unknown
  >;
  const entry = (typeof data.entry === 'object' && data.entry !== null ? data.entry : {}) as Record<
    string,
    unknown
  >;
  const models = new Set(
    records(entry.triggers).flatMap((trigger) => (trigger.on === 'tier_change' ? [trigger.model] : [])),
  );
  if (models.size === 1) return [];
  const message =
    models.size === 0
      ? 'step is limited to tiers but no entry trigger is a tier_change'
      : `step is limited to tiers but the tier_change triggers name ${models.size} models`;
  const hint = 'add tier_change triggers for one model, or remove `tiers:`';
  return records(data.steps).flatMap((step, index) =>
    'tiers' in step ? [issueAt(source, ['steps', index, 'tiers'], message, hint)] : [],
  );
}
