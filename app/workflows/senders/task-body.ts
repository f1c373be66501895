import type { Score } from '../../../core/schema/index.ts';

const MAX_REASONS = 3;

/** What the rep reads in the task: every current score with its top reasons, so the call has a script. */
export function taskBody(workflow: string, scores: readonly Score[]): string {
  const lines = [`Created by the scorebridge workflow "${workflow}".`];
  for (const score of [...scores].sort((a, b) => a.model.localeCompare(b.model))) {
    const headline =
      score.kind === 'nba' && score.action
        ? `${score.model}: ${score.action}`
        : `${score.model}: ${Math.round(score.value)}/100 (${score.tier})`;
    lines.push('', headline);
    for (const reason of score.reasons.slice(0, MAX_REASONS))
      lines.push(`  ${reason.direction === 'up' ? '+' : '-'} ${reason.text}`);
  }
  return lines.join('\n');
}
