import { formatMoney, formatScore } from './format.ts';
import { esc } from './layout.ts';
import type { ModelMeaning } from './model-meaning.ts';
import { toneClass } from './model-meaning.ts';

/** A coloured dot and its words: the tier in the model's meaning ("high risk" in red). */
export function chip(text: string, color: string): string {
  return `<span class="chip"><i class="dot ${toneClass(color)}"></i>${esc(text)}</span>`;
}

export function tierChip(model: ModelMeaning, tier: string): string {
  return chip(model.tierLabel(tier), model.tierColor(tier));
}

export function actionChip(model: ModelMeaning, action: string | null): string {
  return action
    ? chip(model.actionLabel(action), model.actionColor(action))
    : '<span class="muted">none</span>';
}

export interface ScoreLike {
  readonly value: number;
  readonly tier: string;
  readonly amount: number | null;
  readonly action: string | null;
}

/** One model's score as a list cell: the action for next best action, money for LTV, else 0-100 and tier. */
export function scoreCell(
  model: ModelMeaning,
  score: ScoreLike | undefined,
  currency: string | null = null,
): string {
  if (!score) return '<span class="muted">not scored</span>';
  if (model.kind === 'nba') return actionChip(model, score.action);
  if (model.kind === 'ltv' && score.amount !== null)
    return `<span class="score">${esc(formatMoney(score.amount, currency ?? 'USD'))}</span> ${tierChip(model, score.tier)}`;
  return `<span class="score">${esc(formatScore(score.value))}</span> ${tierChip(model, score.tier)}`;
}

/** "Retention" for a workflow named "retention". */
export function workflowName(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const STATE_WORDS: Readonly<Record<string, string>> = {
  active: 'in progress',
  completed: 'completed',
  exited: 'left early',
};

export function enrollmentState(state: string): string {
  return `<span class="state ${esc(state)}">${esc(STATE_WORDS[state] ?? state)}</span>`;
}
