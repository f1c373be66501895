import type { ResolvedEvent } from '../../../core/schema/index.ts';
import { formatDate, formatMoney } from './format.ts';
import { esc } from './layout.ts';
import { humanize } from './model-meaning.ts';

type Props = ResolvedEvent['properties'];

const prop = (properties: Props, name: string): string | null => {
  const value = properties[name];
  return value === null || value === undefined || value === '' ? null : String(value);
};

/** "the ROI calculator" for campaign "roi-calculator". */
const named = (value: string) => humanize(value).toLowerCase();

/** What happened, as a sentence whose subject is the person (or "Someone at the company"). */
export function eventSentence(event: ResolvedEvent, who: string): string {
  const p = event.properties;
  const campaign = prop(p, 'campaign');
  const about = campaign ? ` “${named(campaign)}”` : '';
  switch (event.type) {
    case 'login':
      return `${who} logged in`;
    case 'feature_use': {
      const feature = prop(p, 'feature');
      return feature ? `${who} used ${named(feature)}` : `${who} used the product`;
    }
    case 'page_view': {
      const page = prop(p, 'page');
      return page
        ? `${who} viewed ${page === '/pricing' ? 'the pricing page' : `the page ${page}`}`
        : `${who} viewed a page`;
    }
    case 'email_sent':
      return `E-mail${about} sent to ${who}`;
    case 'email_open':
      return `${who} opened the e-mail${about}`;
    case 'email_click':
      return `${who} clicked a link in the e-mail${about}`;
    case 'email_reply':
      return `${who} replied to an e-mail${about}`;
    case 'email_bounce':
      return `E-mail to ${who} bounced`;
    case 'email_unsubscribe':
      return `${who} unsubscribed from e-mail`;
    case 'support_ticket': {
      const severity = prop(p, 'severity');
      return `${who} opened a${severity ? ` ${severity}-severity` : ''} support ticket`;
    }
    case 'meeting':
      return `Meeting with ${who}`;
    case 'call':
      return `Call with ${who}`;
    case 'note':
      return `Note about ${who}`;
    case 'task':
      return `Task about ${who}`;
    case 'form_submit':
      return `${who} filled in a form${about}`;
    case 'purchase':
      return event.value === null
        ? `${who} made a purchase`
        : `${who} made a purchase of ${formatMoney(event.value)}`;
    case 'subscription_change': {
      const plan = prop(p, 'plan');
      const seats = prop(p, 'seats');
      return `Subscription changed${plan ? ` to the ${plan} plan` : ''}${seats ? ` (${seats} seats)` : ''}`;
    }
    default:
      return `${who}: ${humanize(event.type).toLowerCase()}`;
  }
}

export interface TimelineEntry {
  readonly day: string;
  readonly sentence: string;
  readonly times: number;
}

/**
 * Events grouped by day, newest first, with repeats of the same thing on one day folded into one
 * line ("Wei Kim logged in (4 times)"), so a busy account's month reads in a screen.
 */
export function timelineEntries(
  events: readonly ResolvedEvent[],
  nameOf: (contactId: string | null) => string,
  limitDays: number,
): TimelineEntry[] {
  const sorted = [...events].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || b.id - a.id);
  const entries: TimelineEntry[] = [];
  const index = new Map<string, number>();
  const days = new Set<string>();
  for (const event of sorted) {
    const day = event.occurredAt.slice(0, 10);
    if (!days.has(day)) {
      if (days.size >= limitDays) break;
      days.add(day);
    }
    const sentence = eventSentence(event, nameOf(event.contactId));
    const key = `${day}\u0000${sentence}`;
    const at = index.get(key);
    if (at !== undefined) {
      const entry = entries[at]!;
      entries[at] = { ...entry, times: entry.times + 1 };
      continue;
    }
    index.set(key, entries.length);
    entries.push({ day, sentence, times: 1 });
  }
  return entries;
}

export function timelineHtml(entries: readonly TimelineEntry[]): string {
  if (entries.length === 0) return '<p class="empty">No activity in this period.</p>';
  const out: string[] = [];
  let day = '';
  for (const entry of entries) {
    if (entry.day !== day) {
      day = entry.day;
      out.push(`<li class="day">${esc(formatDate(`${day}T00:00:00Z`))}</li>`);
    }
    out.push(
      `<li>${esc(entry.sentence)}${entry.times > 1 ? ` <span class="muted">(${entry.times} times)</span>` : ''}</li>`,
    );
  }
  return `<ul class="timeline">${out.join('')}</ul>`;
}
