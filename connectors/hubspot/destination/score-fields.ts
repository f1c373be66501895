import type { ScoreFieldSpec } from '../../../core/connectors/destination.ts';
import type { Score } from '../../../core/schema/index.ts';
import type { PropertyDefinitionInput } from '../api/types.ts';

export const HUBSPOT_PROPERTY_NAME = /^[a-z][a-z0-9_]{0,99}$/;
const MAX_REASONS_TEXT = 2000;

function slug(model: string): string {
  return (
    model
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'model'
  );
}

/** The score properties for one model, e.g. `scorebridge_churn_score`, `_tier`, `_reasons`, `_model_version`, `_scored_at`. */
export function scoreFieldSpecs(model: string): ScoreFieldSpec[] {
  const prefix = `scorebridge_${slug(model)}`;
  const title = model.charAt(0).toUpperCase() + model.slice(1);
  return [
    {
      name: `${prefix}_score`,
      label: `${title} score`,
      type: 'number',
      description: `Scorebridge ${model} score, 0-100.`,
    },
    {
      name: `${prefix}_tier`,
      label: `${title} tier`,
      type: 'enumeration',
      options: ['low', 'medium', 'high'],
      description: `Scorebridge ${model} tier.`,
    },
    {
      name: `${prefix}_reasons`,
      label: `${title} reasons`,
      type: 'text',
      description: `Why the ${model} score is what it is.`,
    },
    {
      name: `${prefix}_model_version`,
      label: `${title} model version`,
      type: 'text',
      description: 'Model version that produced the score.',
    },
    {
      name: `${prefix}_scored_at`,
      label: `${title} scored at`,
      type: 'datetime',
      description: 'When the score was computed.',
    },
  ];
}

/** Field values for `scoreFieldSpecs(model)` from one score. */
export function scoreFieldValues(model: string, score: Score): Record<string, string | number> {
  const prefix = `scorebridge_${slug(model)}`;
  const reasons = score.reasons.map((reason) => reason.text).join('; ');
  return {
    [`${prefix}_score`]: Math.round(score.value * 10) / 10,
    [`${prefix}_tier`]: score.tier,
    [`${prefix}_reasons`]:
      reasons.length > MAX_REASONS_TEXT ? `${reasons.slice(0, MAX_REASONS_TEXT - 1)}…` : reasons,
    [`${prefix}_model_version`]: score.modelVersion,
    [`${prefix}_scored_at`]: score.computedAt,
  };
}

/** A ScoreFieldSpec as a HubSpot PropertyCreate in `groupName`. */
export function propertyFor(spec: ScoreFieldSpec, groupName: string): PropertyDefinitionInput {
  if (!HUBSPOT_PROPERTY_NAME.test(spec.name)) {
    throw new Error(
      `score field "${spec.name}" is not a valid HubSpot property name: use lower-case letters, digits and "_", starting with a letter`,
    );
  }
  const base = { name: spec.name, label: spec.label, groupName, description: spec.description };
  switch (spec.type) {
    case 'number':
      return { ...base, type: 'number', fieldType: 'number' };
    case 'text':
      return { ...base, type: 'string', fieldType: 'textarea' };
    case 'datetime':
      return { ...base, type: 'datetime', fieldType: 'date' };
    case 'enumeration': {
      if (!spec.options || spec.options.length === 0)
        throw new Error(`score field "${spec.name}" is an enumeration without options`);
      const options = spec.options.map((value, index) => ({
        label: value,
        value,
        displayOrder: index,
        hidden: false,
      }));
      return { ...base, type: 'enumeration', fieldType: 'select', options };
    }
  }
}

/** Field values as HubSpot takes them: strings, "" to clear. */
export function toHubspotValue(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return value;
}
