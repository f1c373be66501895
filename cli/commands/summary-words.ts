import type { ModelDrift, ModelQuality, ModelSummary, TierCount } from '../../app/summary/run-summary.ts';

/** Every metric the summary shows, with what it means, so nobody has to look it up. */

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

export function money(amount: number): string {
  if (amount >= 1e6) return `$${(amount / 1e6).toFixed(1)} million`;
  if (amount >= 1e4) return `$${Math.round(amount / 1e3).toLocaleString('en-US')} thousand`;
  return `$${Math.round(amount).toLocaleString('en-US')}`;
}

function percent(share: number | null, digits = 0): string {
  return share === null || !Number.isFinite(share) ? 'n/a' : `${(share * 100).toFixed(digits)}%`;
}

/** "1 November 2026" from an ISO instant (UTC, as scores are computed). */
export function dateWords(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** What each kind of model predicts, in a marketer's words. */
export function modelTitle(model: ModelSummary): string {
  const horizon =
    model.horizonDays % 30 === 0 ? `${model.horizonDays / 30} months` : `${model.horizonDays} days`;
  switch (model.kind) {
    case 'lead':
      return `Lead score: how likely each contact is to become a customer in the next ${horizon}`;
    case 'churn':
      return `Churn risk: how likely each customer account is to cancel in the next ${horizon}`;
    case 'ltv':
      return `Lifetime value: the revenue each paying account is expected to bring in the next ${horizon}`;
    case 'nba':
      return `Next best action: the one thing to do next for each ${model.entity === 'account' ? 'account' : 'contact'}`;
  }
}

const TIER_WORDS: Record<ModelSummary['kind'], Record<string, string>> = {
  lead: { high: 'hot leads', medium: 'warm', low: 'not ready yet' },
  churn: { high: 'accounts at high risk of cancelling', medium: 'at medium risk', low: 'at low risk' },
  ltv: { high: 'accounts of high expected value', medium: 'medium', low: 'low' },
  nba: { high: 'high priority', medium: 'medium priority', low: 'low priority' },
};

const TIER_ORDER = ['high', 'medium', 'low'];

/** "22 hot leads (high tier), 32 warm (medium), 5,280 not ready yet (low)". */
export function tierWords(model: ModelSummary): string {
  const words = TIER_WORDS[model.kind];
  const order = (t: TierCount) => {
    const i = TIER_ORDER.indexOf(t.tier);
    return i === -1 ? TIER_ORDER.length : i;
  };
  // An empty tier is news too ("0 hot leads"): the usual three are always named.
  const known = model.tiers.every((t) => TIER_ORDER.includes(t.tier));
  const missing = known
    ? TIER_ORDER.filter((tier) => !model.tiers.some((t) => t.tier === tier)).map((tier) => ({
        tier,
        count: 0,
      }))
    : [];
  const sorted = [...model.tiers, ...missing].sort((a, b) => order(a) - order(b));
  return sorted
    .map((t, i) => {
      const phrase = words[t.tier];
      if (!phrase) return `${count(t.count)} in tier "${t.tier}"`;
      return `${count(t.count)} ${phrase} (${t.tier}${i === 0 ? ' tier' : ''})`;
    })
    .join(', ');
}

/** What the outcome is called for a model: the thing ROC-AUC ranks. */
function outcome(model: Pick<ModelSummary, 'kind'>): { yes: string; no: string } {
  return model.kind === 'lead'
    ? { yes: 'a contact who went on to buy', no: 'one who did not' }
    : { yes: 'an account that went on to cancel', no: 'one that stayed' };
}

/** Holdout quality in words, each number with its meaning. */
export function qualityLines(model: Pick<ModelSummary, 'kind' | 'entity'>, quality: ModelQuality): string[] {
  const { yes, no } = outcome(model);
  const lines: string[] = [];
  if (quality.rocAuc !== null && Number.isFinite(quality.rocAuc))
    lines.push(
      `It ranks ${yes} above ${no} ${Math.round(quality.rocAuc * 100)} times in 100 (ROC-AUC ${quality.rocAuc.toFixed(2)}; 0.50 is a coin toss, 1.00 perfect).`,
    );
  if (quality.prAuc !== null && Number.isFinite(quality.prAuc))
    lines.push(
      `Among the ones it ranks highest, ${percent(quality.prAuc)} on average really ${model.kind === 'lead' ? 'bought' : 'cancelled'}, against ${percent(quality.baseRate)} when picking at random (PR-AUC ${quality.prAuc.toFixed(2)}).`,
    );
  if (quality.calibrationError !== null && Number.isFinite(quality.calibrationError))
    lines.push(
      `Its probabilities are off by ${(quality.calibrationError * 100).toFixed(1)} percentage points on average: when it says 30%, about 30% happen (calibration error ${quality.calibrationError.toFixed(3)}).`,
    );
  lines.push(
    `Measured on ${plural(quality.holdoutRows, model.entity === 'account' ? 'account' : 'contact')} from ${dateWords(quality.holdoutCutoff)} that it never saw while learning.`,
  );
  return lines;
}

/** Score drift in words: whether today's population still looks like the one the model learned from. */
export function driftLine(drift: ModelDrift): string {
  const psi = drift.scorePsi.toFixed(2);
  const meaning =
    drift.status === 'alert'
      ? 'the scores have shifted a lot since training: check the data and consider retraining (`scorebridge train`)'
      : drift.status === 'warn'
        ? 'the scores have moved a little since training: worth watching'
        : 'the scores are spread like the ones it was trained on';
  const features =
    drift.featuresAlert + drift.featuresWarn > 0
      ? `; ${plural(drift.featuresAlert, 'input')} shifted a lot and ${count(drift.featuresWarn)} a little`
      : '';
  return `Drift: ${meaning} (score PSI ${psi}; under 0.10 is stable, 0.10–0.25 worth watching, above 0.25 a real shift)${features}.`;
}

/** "call the account owner" from "call_account_owner". */
export function actionWords(action: string): string {
  return action.replaceAll('_', ' ');
}

/** Printed under tables that show holdout metrics (`train`); lines fit 100 columns. */
export const QUALITY_NOTE = [
  'ROC-AUC: how often the model ranks a real case above a non-case (0.5 a coin toss, 1 perfect).',
  'PR-AUC: how many of the ones it ranks first are real cases (compare with the share of cases).',
  'Log loss: how far its probabilities are from what happened (lower is better).',
].join('\n');

/** Printed under tables that show score drift (`score`); lines fit 100 columns. */
export const DRIFT_NOTE = [
  'Score drift PSI: how differently scores are spread today than on the data the model learned from',
  '(under 0.1 stable, 0.1-0.25 worth watching, above 0.25 a real shift: check the data, retrain).',
].join('\n');
