import type { ScoreFieldSpec } from '../../core/connectors/destination.ts';
import type { Score } from '../../core/schema/index.ts';

/** Salesforce limits a custom field's API name to 40 characters before the __c suffix. */
const MAX_NAME = 40;
const NUMBER_PRECISION = 18;
const NUMBER_SCALE = 2;
const TEXT_LENGTH = 255;

/**
 * The API name of a score field: "lead_score" -> "Lead_Score__c". Names already ending in __c
 * are used as given. Throws with the offending name when Salesforce would refuse it.
 */
export function salesforceFieldName(name: string): string {
  if (name.endsWith('__c')) return name;
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const base = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('_');
  if (!/^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$/.test(base) || base.length > MAX_NAME) {
    throw new Error(
      `score field "${name}" cannot become a Salesforce field name (letters, digits, single underscores, ` +
        `starting with a letter, at most ${MAX_NAME} characters)`,
    );
  }
  return `${base}__c`;
}

export interface CustomFieldDefinition {
  readonly FullName: string;
  readonly Metadata: Record<string, unknown>;
}

/** The Tooling API CustomField body that creates a score field. */
export function customFieldDefinition(objectType: string, spec: ScoreFieldSpec): CustomFieldDefinition {
  const common = {
    label: spec.label.slice(0, 40),
    description: spec.description,
    inlineHelpText: spec.description.slice(0, 510),
  };
  const FullName = `${objectType}.${salesforceFieldName(spec.name)}`;
  switch (spec.type) {
    case 'number':
      return {
        FullName,
        Metadata: { ...common, type: 'Number', precision: NUMBER_PRECISION, scale: NUMBER_SCALE },
      };
    case 'text':
      return { FullName, Metadata: { ...common, type: 'Text', length: TEXT_LENGTH } };
    case 'datetime':
      return { FullName, Metadata: { ...common, type: 'DateTime' } };
    case 'enumeration':
      return {
        FullName,
        Metadata: {
          ...common,
          type: 'Picklist',
          valueSet: {
            restricted: true,
            valueSetDefinition: {
              sorted: false,
              value: (spec.options ?? []).map((option) => ({
                fullName: option,
                label: option,
                default: false,
              })),
            },
          },
        },
      };
  }
}

/** One field as an admin creates it in Setup > Object Manager > Fields & Relationships. */
export interface AdminFieldRow {
  readonly object: string;
  readonly label: string;
  readonly apiName: string;
  readonly type: string;
  readonly size: string;
  readonly description: string;
}

export function adminFieldRow(objectType: string, spec: ScoreFieldSpec): AdminFieldRow {
  const base = {
    object: objectType,
    label: spec.label.slice(0, 40),
    apiName: salesforceFieldName(spec.name),
    description: spec.description,
  };
  switch (spec.type) {
    case 'number':
      return {
        ...base,
        type: 'Number',
        size: `length ${NUMBER_PRECISION - NUMBER_SCALE}, decimal places ${NUMBER_SCALE}`,
      };
    case 'text':
      return { ...base, type: 'Text', size: `length ${TEXT_LENGTH}` };
    case 'datetime':
      return { ...base, type: 'Date/Time', size: '-' };
    case 'enumeration':
      return { ...base, type: 'Picklist (restricted)', size: `values: ${(spec.options ?? []).join(', ')}` };
  }
}

/** The idempotency-key field on Task: an external id, so a replayed task create finds the first one. */
export function taskKeyFieldSpec(apiName: string): ScoreFieldSpec {
  return {
    name: apiName,
    label: 'Scorebridge Key',
    type: 'text',
    description:
      'Set by scorebridge on tasks it creates (external ID, unique) so a retried create never duplicates a task.',
  };
}

export function taskKeyFieldDefinition(apiName: string): CustomFieldDefinition {
  return {
    FullName: `Task.${apiName}`,
    Metadata: {
      type: 'Text',
      label: 'Scorebridge Key',
      length: 80,
      externalId: true,
      unique: true,
      caseSensitive: true,
      description: taskKeyFieldSpec(apiName).description,
    },
  };
}

export interface ScoredModel {
  readonly name: string;
  readonly kind: 'lead' | 'churn' | 'ltv' | 'nba';
  readonly entity: 'contact' | 'account';
}

const titleCase = (name: string) =>
  name
    .split('_')
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');

/**
 * The fields one model writes back: its 0-100 score, tier, top reasons and computation time,
 * plus the money amount (LTV) or the chosen action (next best action).
 */
export function scoreFieldSpecs(model: ScoredModel, tiers: readonly string[]): ScoreFieldSpec[] {
  const label = titleCase(model.name);
  const specs: ScoreFieldSpec[] = [
    {
      name: model.name,
      label,
      type: 'number',
      description: `scorebridge ${model.kind} score (0-100) from model ${model.name}.`,
    },
    {
      name: `${model.name}_tier`,
      label: `${label} Tier`,
      type: 'enumeration',
      options: tiers,
      description: `Tier of the ${model.name} score.`,
    },
    {
      name: `${model.name}_reasons`,
      label: `${label} Reasons`,
      type: 'text',
      description: `Top reasons behind the ${model.name} score.`,
    },
    {
      name: `${model.name}_updated`,
      label: `${label} Updated`,
      type: 'datetime',
      description: `When scorebridge last computed ${model.name}.`,
    },
  ];
  if (model.kind === 'ltv') {
    specs.push({
      name: `${model.name}_amount`,
      label: `${label} Amount`,
      type: 'number',
      description: `Predicted lifetime value (${model.name}).`,
    });
  }
  if (model.kind === 'nba') {
    specs.push({
      name: `${model.name}_action`,
      label: `${label} Action`,
      type: 'text',
      description: `Recommended next action (${model.name}).`,
    });
  }
  return specs;
}

/** Salesforce objects that hold an entity: people are Leads or Contacts, companies Accounts. */
export function objectsForEntity(entity: ScoredModel['entity']): readonly string[] {
  return entity === 'contact' ? ['Lead', 'Contact'] : ['Account'];
}

/** The values of `scoreFieldSpecs(model)` for one score, keyed by Salesforce API field name. */
export function scoreFieldValues(model: ScoredModel, score: Score): Record<string, string | number | null> {
  const reasons = score.reasons.map((reason) => reason.text).join('; ');
  const values: Record<string, string | number | null> = {
    [salesforceFieldName(model.name)]: Math.round(score.value * 10) / 10,
    [salesforceFieldName(`${model.name}_tier`)]: score.tier,
    // Long Text Area fields written by the setup hold 32,768 characters; reasons stay far below.
    [salesforceFieldName(`${model.name}_reasons`)]: reasons.slice(0, 32_000),
    [salesforceFieldName(`${model.name}_updated`)]: score.computedAt,
  };
  if (model.kind === 'ltv') values[salesforceFieldName(`${model.name}_amount`)] = score.amount ?? null;
  if (model.kind === 'nba') values[salesforceFieldName(`${model.name}_action`)] = score.action ?? null;
  return values;
}
