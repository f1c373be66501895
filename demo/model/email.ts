import { sigmoid } from '../samplers.ts';
import { shortlyAfter } from './event-sink.ts';
import { type AccountSim, addEngagement, emit, type SimContact } from './sim-context.ts';

export interface EmailOutcome {
  readonly clicked: boolean;
  readonly replied: boolean;
}

const NOTHING: EmailOutcome = { clicked: false, replied: false };

/**
 * Sends one e-mail and plays out the recipient's reaction. `engagement` is the recipient's
 * current interest on the log-odds scale; marketing mail can be unsubscribed from, 1:1 sales
 * mail can be replied to.
 */
export function sendEmail(
  sim: AccountSim,
  week: number,
  contact: SimContact,
  atMs: number,
  campaign: string,
  engagement: number,
  kind: 'marketing' | 'sales',
): EmailOutcome {
  if (contact.bouncedAtMs !== null) return NOTHING;
  if (!emit(sim, contact, 'email_sent', atMs, { campaign })) return NOTHING;
  const { rng, ledger } = sim;
  if (contact.badAddress) {
    const bouncedAt = shortlyAfter(rng, atMs, 5);
    if (emit(sim, contact, 'email_bounce', bouncedAt, { campaign })) contact.bouncedAtMs = bouncedAt;
    return NOTHING;
  }
  const openBias = kind === 'sales' ? 0.5 : -0.6;
  if (!rng.chance(sigmoid(openBias + 0.9 * engagement))) return NOTHING;
  const openedAt = shortlyAfter(rng, atMs, 600);
  if (!emit(sim, contact, 'email_open', openedAt, { campaign })) return NOTHING;
  addEngagement(contact, 1, openedAt);
  let clicked = false;
  let replied = false;
  if (kind === 'marketing' && rng.chance(sigmoid(-1.5 + 0.8 * engagement))) {
    const clickedAt = shortlyAfter(rng, openedAt, 15);
    clicked = emit(sim, contact, 'email_click', clickedAt, { campaign });
    if (clicked) {
      addEngagement(contact, 3, clickedAt);
      ledger.add(ledger.emailClicks, week, 1);
      if (contact.decider) ledger.add(ledger.deciderTouches, week, 1);
    }
  }
  if (kind === 'sales' && rng.chance(sigmoid(-1.6 + 0.9 * engagement))) {
    const repliedAt = shortlyAfter(rng, openedAt, 240);
    replied = emit(sim, contact, 'email_reply', repliedAt, { campaign });
    if (replied) {
      addEngagement(contact, 5, repliedAt);
      ledger.add(ledger.emailReplies, week, 1);
      if (contact.decider) ledger.add(ledger.deciderTouches, week, 1);
    }
  }
  if (kind === 'marketing' && rng.chance(0.03 * sigmoid(-1.5 * engagement))) {
    const unsubscribedAt = shortlyAfter(rng, openedAt, 10);
    if (emit(sim, contact, 'email_unsubscribe', unsubscribedAt, { campaign }))
      contact.unsubscribedAtMs = unsubscribedAt;
  }
  return { clicked, replied };
}
