import type { ModelSpec } from '../../../scoring/models/model-specs.ts';
import { defaultCatalog, parseNbaCatalog } from '../../../scoring/models/nba-catalog.ts';

/** What a high score means for the business: bad news (risk), good news (opportunity), or an action. */
export type Meaning = 'risk' | 'opportunity' | 'action';

const KIND_NAMES: Record<ModelSpec['kind'], { name: string; meaning: Meaning; tierNoun: string }> = {
  lead: { name: 'Lead score', meaning: 'opportunity', tierNoun: 'priority' },
  churn: { name: 'Churn risk', meaning: 'risk', tierNoun: 'risk' },
  ltv: { name: 'Lifetime value', meaning: 'opportunity', tierNoun: 'value' },
  nba: { name: 'Next best action', meaning: 'action', tierNoun: '' },
};
const DEFAULT_NAMES: Record<ModelSpec['kind'], string> = {
  lead: 'lead_score',
  churn: 'churn_risk',
  ltv: 'lifetime_value',
  nba: 'next_best_action',
};

// Green is good news and red bad news on every page; a tier's colour depends on its rank and on
// what the model predicts, never on the tier's name alone.
const RISK_COLORS = ['#15803d', '#65a30d', '#d97706', '#ea580c', '#dc2626'];
const OPPORTUNITY_COLORS = ['#94a3b8', '#7dd3c0', '#34d399', '#10b981', '#047857'];
const ACTION_COLORS = ['#6366f1', '#0ea5e9', '#a855f7', '#f59e0b', '#14b8a6', '#64748b', '#ec4899'];

/** Every colour a chip or dot can take; the stylesheet has a class per colour (pages have no inline styles). */
export const ALL_TONES: readonly string[] = [
  ...new Set([...RISK_COLORS, ...OPPORTUNITY_COLORS, ...ACTION_COLORS, '#6b7280']),
];

/** The class that paints a dot or bar in one of the palette's colours. */
export function toneClass(color: string): string {
  return `tone-${color.replace('#', '')}`;
}

function spread(palette: readonly string[], count: number): string[] {
  if (count <= 1) return [palette[palette.length - 1]!];
  return Array.from(
    { length: count },
    (_, i) => palette[Math.round((i * (palette.length - 1)) / (count - 1))]!,
  );
}

/** "churn_risk_eu" -> "Churn risk eu". */
export function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** How the dashboard names, explains and colours one model's scores. */
export interface ModelMeaning {
  readonly name: string;
  readonly displayName: string;
  readonly kind: ModelSpec['kind'];
  readonly entity: ModelSpec['entity'];
  readonly meaning: Meaning;
  readonly horizonDays: number;
  /** What the 0-100 score measures, in words. */
  readonly explanation: string;
  /** Whom the model scores, e.g. "people who are not customers yet". */
  readonly scope: string;
  /** Tier names, lowest score first. */
  readonly tiers: readonly string[];
  tierLabel(tier: string): string;
  tierColor(tier: string): string;
  actionLabel(action: string): string;
  actionColor(action: string): string;
  /** Action ids in catalog order (next best action models). */
  readonly actions: readonly string[];
}

function explanationOf(spec: ModelSpec): string {
  const entity = spec.entity === 'account' ? 'the account' : "this person's company";
  switch (spec.kind) {
    case 'lead':
      return `How likely ${entity} is to buy within ${spec.horizonDays} days, on a 0-100 scale (calibrated: 30 means about 3 in 10 such leads buy). Higher is better.`;
    case 'churn':
      return `How likely the account is to cancel within ${spec.horizonDays} days, on a 0-100 scale (calibrated: 30 means about 3 in 10 such accounts cancel). Higher is worse.`;
    case 'ltv':
      return `Expected revenue from ${spec.entity === 'account' ? 'the account' : 'this person'} over the next ${spec.horizonDays} days; the tier ranks it against the others. Higher is better.`;
    case 'nba':
      return 'The action most likely to help next, chosen from the action catalog; the reason says why.';
  }
}

/** How the tiers are cut, when they rank records against each other rather than by fixed scores. */
function tierWords(spec: ModelSpec): string {
  if (spec.tiers?.by !== 'percentile' || spec.kind === 'nba') return '';
  const { high, medium } = spec.tiers.shares;
  const records = spec.entity === 'account' ? 'accounts' : 'people';
  return ` Tiers rank the ${records} against each other: high is the top ${high} % by score, medium the next ${medium} %, low the rest.`;
}

function scopeOf(spec: ModelSpec): string {
  if (spec.kind === 'lead' || (spec.kind === 'nba' && spec.entity === 'contact'))
    return 'people who are not customers yet';
  if (spec.kind === 'ltv') return 'paying customers and past buyers';
  return 'paying customers';
}

function actionsOf(spec: ModelSpec): Map<string, string> {
  try {
    const catalog = spec.actions === undefined ? defaultCatalog(spec.entity) : parseNbaCatalog(spec.actions);
    return new Map(catalog.map((action) => [action.id, action.label]));
  } catch {
    return new Map();
  }
}

export function modelMeaning(
  spec: ModelSpec,
  tierNames: readonly string[],
  sameKindCount: number,
): ModelMeaning {
  const kind = KIND_NAMES[spec.kind];
  const displayName =
    sameKindCount > 1 || spec.name !== DEFAULT_NAMES[spec.kind] ? humanize(spec.name) : kind.name;
  const palette = kind.meaning === 'risk' ? RISK_COLORS : OPPORTUNITY_COLORS;
  const colors = new Map(spread(palette, tierNames.length).map((color, i) => [tierNames[i]!, color]));
  const actions = actionsOf(spec);
  const actionIds = [...actions.keys()];
  return {
    name: spec.name,
    displayName,
    kind: spec.kind,
    entity: spec.entity,
    meaning: kind.meaning,
    horizonDays: spec.horizonDays,
    explanation: explanationOf(spec) + tierWords(spec),
    scope: scopeOf(spec),
    tiers: tierNames,
    actions: actionIds,
    tierLabel: (tier) => (kind.tierNoun ? `${tier} ${kind.tierNoun}` : tier),
    tierColor: (tier) => colors.get(tier) ?? '#6b7280',
    actionLabel: (action) => actions.get(action) ?? humanize(action),
    actionColor: (action) => {
      const index = actionIds.indexOf(action);
      return ACTION_COLORS[(index < 0 ? actionIds.length : index) % ACTION_COLORS.length]!;
    },
  };
}

/** Every enabled model's meaning, by name. */
export function modelMeanings(
  specs: readonly ModelSpec[],
  tierNames: readonly string[],
): Map<string, ModelMeaning> {
  const enabled = specs.filter((spec) => spec.enabled);
  return new Map(
    enabled.map((spec) => [
      spec.name,
      modelMeaning(spec, tierNames, enabled.filter((other) => other.kind === spec.kind).length),
    ]),
  );
}
