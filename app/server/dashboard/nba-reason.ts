import { humanize } from './model-meaning.ts';

const OPS: Readonly<Record<string, string>> = {
  '>=': 'is {v} or more',
  '>': 'is above {v}',
  '<=': 'is {v} or less',
  '<': 'is below {v}',
  '==': 'is {v}',
  '!=': 'is not {v}',
  in: 'is one of {v}',
  not_in: 'is none of {v}',
};

const POLICIES: Readonly<Record<string, string>> = {
  single: 'the one action the model uses for everyone',
  learned: 'the action that worked best for people like them in past outcomes',
};

/** "lead_probability >= 0.3" -> "the lead score is 30 or more" (probabilities read as 0-100 scores). */
function conditionText(condition: string): string {
  const parts = /^(\S+) (>=|<=|==|!=|>|<|in|not_in) (.+)$/.exec(condition.trim());
  if (!parts) return condition;
  const [, feature, op, raw] = parts as unknown as [string, string, string, string];
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // A bare word: shown as it is.
  }
  const probability = feature.endsWith('_probability');
  const subject = probability
    ? `the ${humanize(feature.slice(0, -'_probability'.length)).toLowerCase()} score`
    : `the ${humanize(feature).toLowerCase()}`;
  const shown = Array.isArray(value)
    ? value.map(String).join(', ')
    : typeof value === 'number' && probability
      ? String(Math.round(value * 100))
      : String(value);
  return `${subject} ${(OPS[op] ?? `${op} {v}`).replace('{v}', shown)}`;
}

/**
 * A next-best-action reason as scoring writes it ("Sales call (rules policy; rule: lead_probability
 * >= 0.3)") in plain words: why this action was chosen, without feature ids or policy jargon.
 */
export function nbaReasonText(text: string): string {
  const parts = /^(.*) \((\w+) policy; (.*)\)$/.exec(text);
  if (!parts) return text;
  const [, label, policy, why] = parts as unknown as [string, string, string, string];
  const how = POLICIES[policy] ?? `the ${policy} policy`;
  const conditions = why.startsWith('rule: ')
    ? why.slice('rule: '.length).split(' and ').map(conditionText)
    : [];
  if (policy === 'rules')
    return conditions.length > 0
      ? `${label}, because ${conditions.join(' and ')}.`
      : `${label}: the catalog's default, as no other action's rule fits.`;
  return conditions.length > 0
    ? `${label}: ${how} (eligible because ${conditions.join(' and ')}).`
    : `${label}: ${how}.`;
}
